import type { RgbaImage } from '@pictor/core';
import { resampleRgb } from './resample.js';

/** What the picture looks like as a whole: what a judge needs to know whether it is in its domain. */
export interface Layout {
  /** `plain`: art on a one-colour background, or flat full-bleed art; `varied`: a gradient, texture or photograph. */
  background: 'plain' | 'varied';
  /** The border's mean distance from the background colour (0..441). */
  borderSpread: number;
  /** Separate foreground blobs covering at least 1 % of the picture each (only counted on a plain background). */
  objects: number;
  /** The largest blob's share of all foreground pixels (1 for a single object). */
  largestShare: number;
  /** Share of the border that is foreground (a gradient's far end, or full-bleed art, is most of it). */
  borderForeground: number;
  /** Share of the picture that is not background (1 when there is no plain background). */
  foregroundShare: number;
  /** The second-largest blob's size relative to the largest (0 for a single object). */
  secondShare: number;
  /** Share of the picture in its 8 commonest colours (32 levels a channel): near 1 for flat art. */
  flatShare: number;
  /** Share of neighbouring grid pixels that differ by 18–80 (colour distance): soft edges and texture. */
  texture: number;
  /** At least 128 px and texture ≥ `PHOTO_TEXTURE`: looks like a photograph rather than flat art (on any ground). */
  photographic: boolean;
}

/**
 * Texture share at or above which a picture counts as a photograph: scikit-image's sample photos give
 * 0.15–0.41, composed emoji scenes (three styles, plain/gradient/noisy backgrounds) at most 0.12.
 */
export const PHOTO_TEXTURE = 0.14;

const GRID = 64;

/**
 * Reads the layout on a 64×64 grid: the border's commonest colour is the background; pixels far from it
 * are foreground, split into 8-connected blobs. Cheap (4,096 pixels) and cached on the decoded image.
 */
export function readLayout(image: RgbaImage & { derived?: Map<string, unknown> }): Layout {
  const cached = image.derived?.get('layout') as Layout | undefined;
  if (cached) return cached;
  const rgb = resampleRgb(image, GRID, GRID);
  // Colours quantised to 32 levels a channel: flat art uses few of them, photographs, gradients and noise many.
  const bin = (o: number) => ((rgb[o]! >> 5) << 6) | ((rgb[o + 1]! >> 5) << 3) | (rgb[o + 2]! >> 5);
  const borderBins = new Map<number, number>();
  const borderAt: number[] = [];
  for (let i = 0; i < GRID; i++)
    for (const [x, y] of [
      [i, 0],
      [i, GRID - 1],
      [0, i],
      [GRID - 1, i],
    ] as const)
      borderAt.push((y * GRID + x) * 3);
  for (const o of borderAt) borderBins.set(bin(o), (borderBins.get(bin(o)) ?? 0) + 1);
  const [modeBin, modeCount] = [...borderBins.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const inMode = borderAt.filter((o) => bin(o) === modeBin);
  const median = [0, 1, 2].map((c) => {
    const values = inMode.map((o) => rgb[o + c]!).sort((a, b) => a - b);
    return values[values.length >> 1]!;
  });
  const distance = (o: number) =>
    Math.hypot(rgb[o]! - median[0]!, rgb[o + 1]! - median[1]!, rgb[o + 2]! - median[2]!);
  const borderSpread = borderAt.reduce((sum, o) => sum + distance(o), 0) / borderAt.length;
  const allBins = new Map<number, number>();
  for (let p = 0; p < GRID * GRID; p++) allBins.set(bin(p * 3), (allBins.get(bin(p * 3)) ?? 0) + 1);
  const flatShare =
    [...allBins.values()]
      .sort((a, b) => b - a)
      .slice(0, 8)
      .reduce((a, b) => a + b, 0) /
    (GRID * GRID);
  // A flat background: one colour on at least 40 % of the border. Without one: a photograph, gradient,
  // texture — or full-bleed art (a flag, a keycap), which the judges then treat as outside their domain too.
  const hasBackground = modeCount / borderAt.length >= 0.4;
  const background: Layout['background'] = hasBackground ? 'plain' : 'varied';
  let objects = 0;
  let largestShare = 0;
  let secondShare = 0;
  let foregroundShare = 1;
  let borderForeground = 1;
  if (hasBackground) {
    const foreground = new Uint8Array(GRID * GRID);
    for (let p = 0; p < GRID * GRID; p++) foreground[p] = distance(p * 3) > 40 ? 1 : 0;
    const seen = new Uint8Array(GRID * GRID);
    const sizes: number[] = [];
    const stack: number[] = [];
    for (let p = 0; p < GRID * GRID; p++) {
      if (!foreground[p] || seen[p]) continue;
      let size = 0;
      stack.push(p);
      seen[p] = 1;
      while (stack.length > 0) {
        const q = stack.pop()!;
        size++;
        const qx = q % GRID;
        const qy = (q - qx) / GRID;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const x = qx + dx;
            const y = qy + dy;
            if (x < 0 || y < 0 || x >= GRID || y >= GRID) continue;
            const r = y * GRID + x;
            if (foreground[r] && !seen[r]) {
              seen[r] = 1;
              stack.push(r);
            }
          }
      }
      sizes.push(size);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    const big = sizes.filter((size) => size >= GRID * GRID * 0.01).sort((a, b) => b - a);
    objects = big.length;
    largestShare = total === 0 ? 0 : (big[0] ?? 0) / total;
    secondShare = big[0] ? (big[1] ?? 0) / big[0] : 0;
    foregroundShare = total / (GRID * GRID);
    borderForeground = borderAt.filter((o) => foreground[o / 3]).length / borderAt.length;
  }
  let soft = 0;
  let pairs = 0;
  for (let y = 0; y < GRID; y++)
    for (let x = 0; x < GRID; x++) {
      const o = (y * GRID + x) * 3;
      for (const n of [x + 1 < GRID ? o + 3 : -1, y + 1 < GRID ? o + GRID * 3 : -1]) {
        if (n < 0) continue;
        const d = Math.hypot(rgb[o]! - rgb[n]!, rgb[o + 1]! - rgb[n + 1]!, rgb[o + 2]! - rgb[n + 2]!);
        pairs++;
        if (d >= 18 && d < 80) soft++;
      }
    }
  const texture = soft / pairs;
  const layout: Layout = {
    background,
    borderSpread: Math.round(borderSpread * 10) / 10,
    flatShare: Math.round(flatShare * 100) / 100,
    objects,
    largestShare: Math.round(largestShare * 100) / 100,
    foregroundShare: Math.round(foregroundShare * 1000) / 1000,
    borderForeground: Math.round(borderForeground * 100) / 100,
    secondShare: Math.round(secondShare * 100) / 100,
    texture: Math.round(texture * 100) / 100,
    // Small pictures are never taken for photographs: at 64 px, anti-aliased emoji edges read as texture.
    photographic: texture >= PHOTO_TEXTURE && Math.min(image.width, image.height) >= 128,
  };
  image.derived?.set('layout', layout);
  return layout;
}
