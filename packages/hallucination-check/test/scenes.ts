// Test and evaluation scenes: emoji art (Noto, Apache-2.0; Twemoji, CC-BY-4.0) composited with sharp.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
const roots = {
  google: dirname(require.resolve('emoji-datasource-google/emoji.json')),
  twitter: dirname(require.resolve('emoji-datasource-twitter/emoji.json')),
};

interface EmojiEntry {
  name: string;
  image: string;
  category: string;
  has_img_google: boolean;
  has_img_twitter: boolean;
}

/** Every emoji entry of emoji-datasource (names and file names). */
export const emojiEntries: EmojiEntry[] = JSON.parse(
  readFileSync(join(roots.google, 'emoji.json'), 'utf8'),
) as EmojiEntry[];

/** The 64×64 PNG of an emoji by its Unicode name (e.g. `RED APPLE`). */
export function emojiPng(name: string, set: 'google' | 'twitter' = 'google'): Buffer {
  const entry = emojiEntries.find((e) => e.name === name);
  if (!entry) throw new Error(`no emoji named ${name}`);
  return readFileSync(join(roots[set], 'img', set, '64', entry.image));
}

/** One object placed in a scene. */
export interface Placement {
  emoji: string;
  x: number;
  y: number;
  size: number;
}

/** Lays out `names` left to right in rows on a size×size canvas (objects as large as fit). */
export function grid(names: readonly string[], size = 512): Placement[] {
  const perRow = Math.min(names.length, 3);
  const rows = Math.ceil(names.length / perRow);
  const cell = Math.floor(size / Math.max(perRow, rows));
  const object = Math.floor(cell * 0.8);
  return names.map((emoji, i) => ({
    emoji,
    size: object,
    x: (i % perRow) * cell + Math.floor((cell - object) / 2) + Math.floor((size - perRow * cell) / 2),
    y: Math.floor(i / perRow) * cell + Math.floor((cell - object) / 2) + Math.floor((size - rows * cell) / 2),
  }));
}

/** Composites emoji onto a plain background; returns PNG bytes. */
export async function scene(
  placements: readonly Placement[],
  options: {
    size?: number;
    background?: { r: number; g: number; b: number };
    set?: 'google' | 'twitter';
  } = {},
): Promise<Uint8Array> {
  const size = options.size ?? 512;
  const composites = await Promise.all(
    placements.map(async (p) => ({
      input: await sharp(emojiPng(p.emoji, options.set))
        .resize(p.size, p.size, { kernel: 'lanczos3' })
        .png()
        .toBuffer(),
      left: p.x,
      top: p.y,
    })),
  );
  const png = await sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: options.background ?? { r: 235, g: 235, b: 230 },
    },
  })
    .composite(composites)
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
