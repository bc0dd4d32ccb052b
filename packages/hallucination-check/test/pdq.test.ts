import { createPrng } from '@pictor/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  hammingDistance,
  type LumaPlane,
  PDQ_MAX_DISTANCE,
  pdqHash,
  pdqLuma,
  pdqOfLuma,
  pdqWithMirror,
} from '../src/index.js';
import { emojiPng } from './scenes.js';

const N = 64;

/** A 64×64 plane whose 16×16 PDQ coefficients are exactly `c` (rows of PDQ's DCT are orthonormal). */
function planeWithCoefficients(c: (i: number, j: number) => number): LumaPlane {
  const d = (k: number, x: number) => Math.sqrt(2 / N) * Math.cos((Math.PI / 2 / N) * (k + 1) * (2 * x + 1));
  const data = new Float64Array(N * N).fill(128);
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 16; j++) {
      const value = c(i, j);
      for (let r = 0; r < N; r++)
        for (let col = 0; col < N; col++) data[r * N + col]! += value * d(i, r) * d(j, col);
    }
  return { width: N, height: N, data };
}

function bitsSet(hex: string): number {
  return [...hex].reduce(
    (n, h) => n + [...Number.parseInt(h, 16).toString(2)].filter((b) => b === '1').length,
    0,
  );
}

async function pdqOf(png: Buffer) {
  return pdqHash((await decodeImage(new Uint8Array(png))).image!);
}

describe('PDQ (Meta’s 256-bit perceptual hash)', () => {
  it('sets bit i·16+j for coefficient (row i, column j) above the median, in the reference’s word order', () => {
    // Left half of the columns positive: every 16-bit word is 0x00ff (bits 0–7), printed last word first.
    const left = pdqOfLuma(planeWithCoefficients((i, j) => (j < 8 ? 1 : -1) * (1 + (i * 16 + j) / 1000)));
    expect(left.hash).toBe('00ff'.repeat(16));
    // Top half of the rows positive: words 0–7 are ffff, words 8–15 zero — so rows are not columns.
    const top = pdqOfLuma(planeWithCoefficients((i, j) => (i < 8 ? 1 : -1) * (1 + (i * 16 + j) / 1000)));
    expect(top.hash).toBe('0000'.repeat(8) + 'ffff'.repeat(8));
  });

  it('derives the seven rotated and flipped hashes that hashing the moved pixels gives (exact at 64×64)', () => {
    const prng = createPrng(3);
    const random = () => prng() / 2 ** 32;
    const data = new Float64Array(N * N);
    for (let k = 0; k < 25; k++) {
      const [cx, cy, r, v] = [random() * N, random() * N, 4 + random() * 16, random() * 255];
      for (let y = 0; y < N; y++)
        for (let x = 0; x < N; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * N + x] = v;
    }
    const moved = (f: (x: number, y: number) => [number, number]): LumaPlane => {
      const out = new Float64Array(N * N);
      for (let y = 0; y < N; y++)
        for (let x = 0; x < N; x++) {
          const [sx, sy] = f(x, y);
          out[y * N + x] = data[sy * N + sx]!;
        }
      return { width: N, height: N, data: out };
    };
    const last = N - 1;
    const expected = {
      rotate90: moved((x, y) => [last - y, x]),
      rotate180: moved((x, y) => [last - x, last - y]),
      rotate270: moved((x, y) => [y, last - x]),
      flipX: moved((x, y) => [x, last - y]),
      flipY: moved((x, y) => [last - x, y]),
      flipPlus1: moved((x, y) => [y, x]),
      flipMinus1: moved((x, y) => [last - y, last - x]),
    };
    const original = pdqOfLuma({ width: N, height: N, data }, Object.keys(expected) as never);
    for (const [kind, plane] of Object.entries(expected)) {
      const hash = pdqOfLuma(plane).hash;
      expect(hammingDistance(original.dihedral[kind as keyof typeof expected]!, hash), kind).toBe(0);
      expect(hammingDistance(original.hash, hash), kind).toBeGreaterThan(60);
    }
  });

  it('hashes the mirror from the same blur exactly as hashing the mirrored pixels, at any size', async () => {
    for (const side of [50, 200, 256, 300]) {
      const png = await sharp(emojiPng('BICYCLE'))
        .resize(side, side)
        .flatten({ background: '#ddeeff' })
        .png()
        .toBuffer();
      const mirrored = await sharp(png).flop().png().toBuffer();
      const both = pdqWithMirror(pdqLuma((await decodeImage(new Uint8Array(png))).image!));
      expect(both.hash).toBe((await pdqOf(png)).hash);
      expect(both.mirror, `${side}²`).toBe((await pdqOf(mirrored)).hash);
      expect(hammingDistance(both.hash, both.mirror)).toBeGreaterThan(40);
    }
  });

  it('has Meta’s quality metric: quantised 64×64 gradients summed, / 90, at most 100', () => {
    const edge = new Float64Array(N * N);
    for (let y = 0; y < N; y++) for (let x = 32; x < N; x++) edge[y * N + x] = 255;
    // One step of 255 in each of 64 rows: 64 × 100 / 90 = 71.
    expect(pdqOfLuma({ width: N, height: N, data: edge }).quality).toBe(71);
    const flat = pdqOfLuma({ width: N, height: N, data: new Float64Array(N * N).fill(90) });
    expect(flat.quality).toBe(0);
    const stripes = new Float64Array(N * N).map((_, p) => (p % 2) * 255);
    expect(pdqOfLuma({ width: N, height: N, data: stripes }).quality).toBe(100);
    // Under 5 px on a side: zeros and quality 0, as in the reference.
    expect(pdqOfLuma({ width: 4, height: 40, data: new Float64Array(160).fill(7) })).toMatchObject({
      hash: '0'.repeat(64),
      quality: 0,
    });
  });

  it('sets half the bits, survives resizing and JPEG, and tells different pictures apart', async () => {
    const cat = await sharp(emojiPng('CAT FACE'))
      .resize(256, 256)
      .flatten({ background: '#f4f0e8' })
      .png()
      .toBuffer();
    const original = await pdqOf(cat);
    expect(original.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(bitsSet(original.hash)).toBe(128);
    const bigger = await pdqOf(await sharp(cat).resize(512, 512).png().toBuffer());
    const jpeg = await pdqOf(await sharp(cat).jpeg({ quality: 40 }).toBuffer());
    expect(hammingDistance(original.hash, bigger.hash)).toBeLessThanOrEqual(PDQ_MAX_DISTANCE);
    expect(hammingDistance(original.hash, jpeg.hash)).toBeLessThanOrEqual(PDQ_MAX_DISTANCE);
    expect(original.quality).toBeGreaterThanOrEqual(50);
    const car = await pdqOf(
      await sharp(emojiPng('AUTOMOBILE'))
        .resize(256, 256)
        .flatten({ background: '#f4f0e8' })
        .png()
        .toBuffer(),
    );
    expect(hammingDistance(original.hash, car.hash)).toBeGreaterThan(64);
  });
});
