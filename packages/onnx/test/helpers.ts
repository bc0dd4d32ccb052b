import { join } from 'node:path';
import { encodePng } from '@pictor/core';
import { decodeImage } from '@pictor/image';

/** The committed tiny models (made by scripts/make-tiny-sd.py). */
export const fixtures = join(import.meta.dirname, 'fixtures');

/** A PNG of `width`×`height` filled by `pixel(x, y)` → [r, g, b]. */
export function png(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return encodePng({ width, height, data });
}

/** Mean absolute difference of two PNGs' RGB values, in 0–255 units. */
export async function meanAbsDiff(a: Uint8Array, b: Uint8Array): Promise<number> {
  const [x, y] = await Promise.all([decodeImage(a), decodeImage(b)]);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.data.length; i++) {
    if (i % 4 === 3) continue;
    sum += Math.abs(x.data[i]! - y.data[i]!);
    count++;
  }
  return sum / count;
}
