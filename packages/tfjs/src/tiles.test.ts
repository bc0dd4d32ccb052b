import { describe, expect, it } from 'vitest';
import { mirrorIndex, planTiles } from './tiles.js';

describe('planTiles', () => {
  it('covers every pixel exactly once with cores, and pads inside the image', () => {
    for (const [width, height, size, overlap] of [
      [256, 256, 128, 8],
      [100, 37, 32, 4],
      [5, 3, 8, 8],
      [64, 64, 16, 0],
    ] as const) {
      const covered = new Uint8Array(width * height);
      for (const { core, padded } of planTiles(width, height, size, overlap)) {
        expect(core.width).toBeLessThanOrEqual(size);
        expect(core.x - padded.x).toBe(overlap);
        expect(padded.y + padded.height - (core.y + core.height)).toBe(overlap);
        for (let y = core.y; y < core.y + core.height; y++) {
          for (let x = core.x; x < core.x + core.width; x++) covered[y * width + x]! += 1;
        }
      }
      expect(covered.every((count) => count === 1)).toBe(true);
    }
  });

  it('gives one tile for a small image and rejects nonsense', () => {
    expect(planTiles(32, 32, 128, 8)).toEqual([
      { core: { x: 0, y: 0, width: 32, height: 32 }, padded: { x: -8, y: -8, width: 48, height: 48 } },
    ]);
    expect(planTiles(256, 256, 128, 8)).toHaveLength(4);
    expect(() => planTiles(8, 8, 0, 0)).toThrow(RangeError);
  });
});

describe('mirrorIndex', () => {
  it('reflects coordinates outside the image back inside, without repeating the edge pixel', () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => mirrorIndex(i, 4))).toEqual([
      3, 2, 1, 0, 1, 2, 3, 2, 1, 0,
    ]);
    expect(mirrorIndex(-5, 1)).toBe(0);
    expect(mirrorIndex(9, 2)).toBe(1);
  });
});
