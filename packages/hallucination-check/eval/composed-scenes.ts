// Composed multi-object scenes in several emoji art styles, with the truth of every prompt about them.
//
// Styles (each one's licence checked; images are made here at evaluation time, never redistributed):
// - training styles of the judges: Noto (Apache-2.0) and Twemoji (CC-BY-4.0) from emoji-datasource,
//   Microsoft Fluent Emoji colour (MIT, @iconify-json/fluent-emoji; the crop namer trains on it);
// - held out, read by no training script: Microsoft Fluent Emoji Flat (MIT, @iconify-json/fluent-emoji-flat;
//   the same drawings as the colour set, flattened) and OpenMoji (CC-BY-SA-4.0, @iconify-json/openmoji;
//   an unrelated outline style).
// Several objects at random sizes and places on plain, gradient or noisy backgrounds; prompts ask for
// presence, counts and colours, half of them wrong.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createPrng } from '@pictor/core';
import { encodePrompt } from '@pictor/model-emoji';
import sharp from 'sharp';
import { emojiEntries, emojiPng } from '../test/scenes.js';

const require = createRequire(import.meta.url);

/** An art style scenes can be drawn in. */
export type Style = 'noto' | 'twemoji' | 'fluent' | 'fluent-flat' | 'openmoji';
/** Styles no judge or encoder was trained on. */
export const HELD_OUT_STYLES: readonly Style[] = ['fluent-flat', 'openmoji'];
/** Styles the judges' encoders trained on (thresholds are calibrated on scenes in these). */
export const CALIBRATION_STYLES: readonly Style[] = ['noto', 'twemoji', 'fluent'];

interface IconSet {
  width?: number;
  height?: number;
  icons: Record<string, { body: string; width?: number; height?: number; left?: number; top?: number }>;
}
const iconSets: Partial<Record<Style, IconSet>> = {};
function iconSet(style: 'fluent' | 'fluent-flat' | 'openmoji'): IconSet {
  const name = { fluent: 'fluent-emoji', 'fluent-flat': 'fluent-emoji-flat', openmoji: 'openmoji' }[style];
  iconSets[style] ??= JSON.parse(
    readFileSync(require.resolve(`@iconify-json/${name}/icons.json`), 'utf8'),
  ) as IconSet;
  return iconSets[style]!;
}

/** One kind of object: its icon name (Iconify; emoji-datasource's name upper-cased), the prompt noun, its colour when unambiguous. */
export interface ObjectKind {
  icon: string;
  noun: string;
  colour?: string;
}

const CANDIDATES: ObjectKind[] = [
  { icon: 'red-apple', noun: 'apple', colour: 'red' },
  { icon: 'banana', noun: 'banana', colour: 'yellow' },
  { icon: 'broccoli', noun: 'broccoli', colour: 'green' },
  { icon: 'carrot', noun: 'carrot', colour: 'orange' },
  { icon: 'tangerine', noun: 'tangerine', colour: 'orange' },
  { icon: 'strawberry', noun: 'strawberry', colour: 'red' },
  { icon: 'lemon', noun: 'lemon', colour: 'yellow' },
  { icon: 'tomato', noun: 'tomato', colour: 'red' },
  { icon: 'eggplant', noun: 'eggplant', colour: 'purple' },
  { icon: 'cucumber', noun: 'cucumber', colour: 'green' },
  { icon: 'frog', noun: 'frog', colour: 'green' },
  { icon: 'basketball', noun: 'basketball', colour: 'orange' },
  { icon: 'hot-pepper', noun: 'pepper', colour: 'red' },
  { icon: 'teddy-bear', noun: 'teddy bear' },
  { icon: 'bicycle', noun: 'bicycle' },
  { icon: 'bus', noun: 'bus' },
  { icon: 'airplane', noun: 'airplane' },
  { icon: 'sailboat', noun: 'sailboat' },
  { icon: 'elephant', noun: 'elephant' },
  { icon: 'cow', noun: 'cow' },
  { icon: 'bird', noun: 'bird' },
  { icon: 'umbrella', noun: 'umbrella' },
  { icon: 'kite', noun: 'kite' },
  { icon: 'skateboard', noun: 'skateboard' },
  { icon: 'hot-dog', noun: 'hot dog' },
  { icon: 'doughnut', noun: 'doughnut' },
  { icon: 'birthday-cake', noun: 'cake' },
  { icon: 'chair', noun: 'chair' },
  { icon: 'bed', noun: 'bed' },
  { icon: 'toilet', noun: 'toilet' },
  { icon: 'television', noun: 'television' },
  { icon: 'alarm-clock', noun: 'clock' },
  { icon: 'toothbrush', noun: 'toothbrush' },
  { icon: 'potted-plant', noun: 'plant' },
  { icon: 'sandwich', noun: 'sandwich' },
  { icon: 'motorcycle', noun: 'motorcycle' },
  { icon: 'pizza', noun: 'pizza' },
  { icon: 'horse', noun: 'horse' },
  { icon: 'rocket', noun: 'rocket' },
  { icon: 'guitar', noun: 'guitar' },
  { icon: 'key', noun: 'key' },
  { icon: 'light-bulb', noun: 'light bulb' },
  { icon: 'penguin', noun: 'penguin' },
  { icon: 'turtle', noun: 'turtle' },
  { icon: 'rabbit', noun: 'rabbit' },
  { icon: 'snail', noun: 'snail' },
  { icon: 'octopus', noun: 'octopus' },
  { icon: 'crab', noun: 'crab' },
  { icon: 'pineapple', noun: 'pineapple' },
  { icon: 'watermelon', noun: 'watermelon' },
  { icon: 'mushroom', noun: 'mushroom' },
  { icon: 'cactus', noun: 'cactus' },
  { icon: 'snowman', noun: 'snowman' },
  { icon: 'trumpet', noun: 'trumpet' },
  { icon: 'hammer', noun: 'hammer' },
  { icon: 'anchor', noun: 'anchor' },
  { icon: 'bell', noun: 'bell' },
  { icon: 'crown', noun: 'crown' },
  { icon: 'tractor', noun: 'tractor' },
  { icon: 'ambulance', noun: 'ambulance' },
];

const datasourceName = (icon: string) => icon.replace(/-/g, ' ').toUpperCase();

/** The object kinds drawn in every style, whose noun the emoji vocabulary knows. */
export const OBJECT_KINDS: ObjectKind[] = CANDIDATES.filter(
  (k) =>
    (['fluent', 'fluent-flat', 'openmoji'] as const).every((s) => iconSet(s).icons[k.icon]) &&
    emojiEntries.some((e) => e.name === datasourceName(k.icon) && e.has_img_google && e.has_img_twitter) &&
    encodePrompt(k.noun).known.length > 0,
);

/** A colour far from each colour (the wrong colour of a colour prompt). */
export const WRONG_COLOUR: Record<string, string> = {
  red: 'blue',
  orange: 'blue',
  yellow: 'purple',
  green: 'purple',
  purple: 'yellow',
};

/** The PNG of one object in a style, `size` pixels wide, transparent around it. */
export async function objectPng(kind: ObjectKind, style: Style, size: number): Promise<Buffer> {
  if (style === 'noto' || style === 'twemoji') {
    return sharp(emojiPng(datasourceName(kind.icon), style === 'noto' ? 'google' : 'twitter'))
      .resize(size, size, { kernel: 'lanczos3' })
      .png()
      .toBuffer();
  }
  const set = iconSet(style);
  const icon = set.icons[kind.icon]!;
  const w = icon.width ?? set.width ?? 16;
  const h = icon.height ?? set.height ?? 16;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="${icon.left ?? 0} ${icon.top ?? 0} ${w} ${h}">${icon.body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A background kind. */
export type Background = 'plain' | 'gradient' | 'noisy';

async function background(kind: Background, size: number, next: () => number): Promise<Buffer> {
  const colour = () => [90 + (next() % 166), 90 + (next() % 166), 90 + (next() % 166)];
  const a = colour();
  const b = colour();
  const data = Buffer.alloc(size * size * 3);
  const vertical = next() % 2 === 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const t = kind === 'gradient' ? (vertical ? y : x) / (size - 1) : 0;
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        let v = a[c]! + (b[c]! - a[c]!) * t;
        // cheap Gaussian-ish noise: sum of three uniforms, σ ≈ 20
        if (kind === 'noisy') v += ((next() % 41) + (next() % 41) + (next() % 41) - 60) * 0.85;
        data[o + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

/** One placed object. */
export interface Placed {
  kind: ObjectKind;
  box: { x: number; y: number; size: number };
}

/** A composed scene and what is in it. */
export interface ComposedScene {
  id: string;
  style: Style;
  background: Background;
  png: Uint8Array;
  placed: Placed[];
  /** The object the prompts are about, and how many copies are shown. */
  main: ObjectKind;
  count: number;
  /** An object kind not in the scene. */
  absent: ObjectKind;
}

/** Places `n` squares of random sizes (70–190 px) without overlap on a 512² canvas. */
function layout(n: number, next: () => number, size = 512) {
  const boxes: { x: number; y: number; size: number }[] = [];
  for (let tries = 0; boxes.length < n && tries < 2000; tries++) {
    const s = 70 + (next() % 121);
    const box = { x: next() % (size - s), y: next() % (size - s), size: s };
    if (
      boxes.every(
        (b) =>
          box.x + box.size <= b.x ||
          b.x + b.size <= box.x ||
          box.y + box.size <= b.y ||
          b.y + b.size <= box.y,
      )
    )
      boxes.push(box);
  }
  return boxes;
}

/** Makes `count` seeded scenes in one style: 1–3 copies of a main object plus 0–2 other objects. */
export async function composeScenes(style: Style, count: number, seed: number): Promise<ComposedScene[]> {
  const next = createPrng(seed);
  const kinds = OBJECT_KINDS;
  const scenes: ComposedScene[] = [];
  const backgrounds: Background[] = ['plain', 'gradient', 'noisy'];
  for (let i = 0; i < count; i++) {
    const main = kinds[next() % kinds.length]!;
    const copies = 1 + (next() % 3);
    const others: ObjectKind[] = [];
    const extra = next() % 3;
    while (others.length < extra) {
      const k = kinds[next() % kinds.length]!;
      if (k !== main && !others.includes(k)) others.push(k);
    }
    let absent = kinds[next() % kinds.length]!;
    while (absent === main || others.includes(absent)) absent = kinds[next() % kinds.length]!;
    const wanted = [...Array.from({ length: copies }, () => main), ...others];
    const boxes = layout(wanted.length, next);
    const placed = boxes.map((box, j) => ({ kind: wanted[j]!, box }));
    const shown = placed.filter((p) => p.kind === main).length;
    const bg = backgrounds[i % 3]!;
    const composites = await Promise.all(
      placed.map(async (p) => ({
        input: await objectPng(p.kind, style, p.box.size),
        left: p.box.x,
        top: p.box.y,
      })),
    );
    const png = await sharp(await background(bg, 512, next))
      .composite(composites)
      .png()
      .toBuffer();
    scenes.push({
      id: `${style}-${i}`,
      style,
      background: bg,
      png: new Uint8Array(png),
      placed,
      main,
      count: shown,
      absent,
    });
  }
  return scenes;
}

const NUMBERS = ['zero', 'one', 'two', 'three', 'four'];
const PLURALS: Record<string, string> = {
  bus: 'buses',
  sandwich: 'sandwiches',
  tomato: 'tomatoes',
  octopus: 'octopuses',
  cactus: 'cacti',
  strawberry: 'strawberries',
  toothbrush: 'toothbrushes',
};
/** The noun's plural (English, for the few nouns the scenes use). */
export const pluralOf = (noun: string) => PLURALS[noun] ?? `${noun}s`;

/** A prompt about a scene, the check kind it tests, and whether it is true of the scene. */
export interface LabelledPrompt {
  kind: 'presence' | 'count' | 'colour';
  prompt: string;
  /** True when the prompt describes the scene. */
  right: boolean;
}

/** The scene's prompts: presence, count and colour, one right and one wrong of each. */
export function promptsFor(scene: ComposedScene, next: () => number): LabelledPrompt[] {
  const { main, count } = scene;
  const countWord = (n: number) => (n === 1 ? `one ${main.noun}` : `${NUMBERS[n]} ${pluralOf(main.noun)}`);
  const wrongCount = count === 1 ? 2 : next() % 2 === 0 ? count - 1 : count + 1;
  const prompts: LabelledPrompt[] = [
    { kind: 'presence', prompt: `a ${main.noun}`, right: true },
    { kind: 'presence', prompt: `a ${scene.absent.noun}`, right: false },
    { kind: 'count', prompt: countWord(count), right: true },
    { kind: 'count', prompt: countWord(wrongCount), right: false },
  ];
  if (main.colour) {
    prompts.push(
      { kind: 'colour', prompt: `a ${main.colour} ${main.noun}`, right: true },
      { kind: 'colour', prompt: `a ${WRONG_COLOUR[main.colour]} ${main.noun}`, right: false },
    );
  }
  return prompts;
}
