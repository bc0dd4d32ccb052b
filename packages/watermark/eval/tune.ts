// `node --conditions=@pictor/source --import tsx eval/tune.ts`: compares scheme parameter sets on the
// TUNING photographs only (never the held-out ones `pnpm eval` reports), through the attacks that
// matter for the goals. Set SKIMAGE_DATA to scikit-image's data folder when it is not at Debian's path.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { RgbaPixels } from '../src/canonical.js';
import { detectWithSchemes } from '../src/detect.js';
import { embedWithScheme } from '../src/embed.js';
import { SCHEME_1, SCHEME_2, type SchemeParameters } from '../src/scheme.js';

const SKIMAGE = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data/';
const TUNING = [
  'astronaut.png',
  'chelsea.png',
  'coffee.png',
  'rocket.jpg',
  'motorcycle_left.png',
  'hubble_deep_field.jpg',
  'grass.png',
  'camera.png',
];

async function rgba(input: string | Buffer, resize?: number): Promise<RgbaPixels> {
  let image = sharp(input).ensureAlpha();
  if (resize)
    image = image
      .resize(resize, resize, { kernel: 'lanczos3' })
      .flatten({ background: '#ffffff' })
      .ensureAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}
const raw = (i: RgbaPixels) =>
  sharp(Buffer.from(i.data), { raw: { width: i.width, height: i.height, channels: 4 } });
const half = (i: RgbaPixels) => ({ width: Math.round(i.width / 2), height: Math.round(i.height / 2) });
const ATTACKS: Record<string, (i: RgbaPixels) => Promise<Buffer>> = {
  none: (i) => raw(i).png().toBuffer(),
  jpeg75: (i) => raw(i).jpeg({ quality: 75 }).toBuffer(),
  jpeg50: (i) => raw(i).jpeg({ quality: 50 }).toBuffer(),
  webp75: (i) => raw(i).webp({ quality: 75 }).toBuffer(),
  half: (i) => raw(i).resize(half(i)).png().toBuffer(),
  'half+jpeg75': (i) => raw(i).resize(half(i)).jpeg({ quality: 75 }).toBuffer(),
  '1.5x': (i) =>
    raw(i)
      .resize(Math.round(i.width * 1.5), Math.round(i.height * 1.5))
      .png()
      .toBuffer(),
  'bright+30': (i) => raw(i).modulate({ brightness: 1.3 }).png().toBuffer(),
  'bright-30': (i) => raw(i).modulate({ brightness: 0.7 }).png().toBuffer(),
};

const variants: Record<string, SchemeParameters> = JSON.parse(process.env.VARIANTS ?? 'null') ?? {
  v1: SCHEME_1,
  v2: SCHEME_2,
};
// The tuning emoji: index ≡ 0 (mod 97) of each set (`pnpm eval` reports those ≡ 48).
const require = createRequire(import.meta.url);
const emoji = (pkg: string) => {
  const dir = join(dirname(require.resolve(`${pkg}/package.json`)), 'img', pkg.split('-').pop()!, '64');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .filter((_, i) => i % 97 === 0)
    .slice(0, 8)
    .map((f) => join(dir, f));
};
const groups: Record<string, RgbaPixels[]> = {
  photos: await Promise.all(TUNING.map((f) => rgba(join(SKIMAGE, f)))),
  art: await Promise.all(
    [...emoji('emoji-datasource-google'), ...emoji('emoji-datasource-twitter')].map((f) => rgba(f, 512)),
  ),
};
const only = process.env.GROUPS?.split(',');
for (const [group, photos] of Object.entries(groups)) {
  if (only && !only.includes(group)) continue;
  for (const [name, parameters] of Object.entries(variants)) {
    const scheme = { ...(parameters.version === 1 ? SCHEME_1 : SCHEME_2), ...parameters };
    const psnr: number[] = [];
    const rows: Record<string, [number, number]> = {};
    for (const photo of photos) {
      const marked = await embedWithScheme(photo, { key: 'tuning key' }, scheme);
      psnr.push(marked.psnr);
      for (const [attack, run] of Object.entries(ATTACKS)) {
        const found = await detectWithSchemes(
          await rgba(await run(marked.image)),
          { key: 'tuning key' },
          scheme.version === 2 ? scheme : SCHEME_2,
          scheme.version === 1 ? scheme : SCHEME_1,
        );
        rows[attack] ??= [0, 0];
        rows[attack][0] += found.present ? 1 : 0;
        rows[attack][1] += found.payload?.recordId === marked.recordId ? 1 : 0;
      }
    }
    psnr.sort((a, b) => a - b);
    const cells = Object.entries(rows).map(([a, [d, p]]) => `${a} ${d}/${p}`);
    console.log(
      `${name}: psnr min ${psnr[0]!.toFixed(1)} med ${psnr[psnr.length >> 1]!.toFixed(1)} | ${cells.join(' | ')}`,
    );
  }
}
