import type { RgbaImage } from '@pictor/core';
import { luminance, resampleRgb } from '../image/resample.js';

const SIZE = 32;
const LOW = 8;

/** cos((2x+1)uπ/2N) for the 32-point DCT-II, first 8 frequencies. */
const COSINES = (() => {
  const table = new Float64Array(LOW * SIZE);
  for (let u = 0; u < LOW; u++)
    for (let x = 0; x < SIZE; x++) table[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE));
  return table;
})();

/**
 * A 64-bit perceptual hash (pHash): luminance box-filtered to 32×32, 2-D DCT-II, the 8×8 lowest
 * frequencies compared to their median (DC excluded from the median). Returned as 16 hex digits.
 * `mirror` hashes the horizontally flipped image.
 */
export function pHash(image: RgbaImage, mirror = false): string {
  const grey = luminance(resampleRgb(image, SIZE, SIZE));
  if (mirror) {
    for (let y = 0; y < SIZE; y++) grey.subarray(y * SIZE, (y + 1) * SIZE).reverse();
  }
  // Rows then columns, keeping only the low frequencies.
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += grey[y * SIZE + x]! * COSINES[u * SIZE + x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const coefficients = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y * LOW + u]! * COSINES[v * SIZE + y]!;
      coefficients[v * LOW + u] = sum;
    }
  }
  const sorted = [...coefficients.subarray(1)].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++)
      value = (value << 1) | (coefficients[nibble * 4 + bit]! > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

/** Number of differing bits between two hex hashes of equal length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError('hashes differ in length');
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}
