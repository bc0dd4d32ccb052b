import { CANONICAL } from './canonical.js';
import { forwardBlock } from './dct8.js';
import { BAND, BLOCKS, BLOCKS_PER_SIDE } from './layout.js';

/** The canonical grid's band coefficients, per-block masks and the image's activity scale. */
export interface Analysis {
  /** coefficient of slot s = block · |BAND| + position. */
  coefficients: Float64Array;
  /** Perceptual weight of each block (busier blocks hide more), 0.5–2.5. */
  mask: Float64Array;
  /** The median block activity: quantiser steps scale with it, so brightness and contrast changes cancel. */
  activity: number;
}

/** Low AC diagonals 1–2 (zig-zag), for the mask. */
const LOW = [1, 8, 2, 9, 16];

/** The least activity the quantiser step is scaled from (DCT units). */
const ACTIVITY_FLOOR = 8;

/** Block DCTs of the canonical luma, keeping the band; AC energy per block for the mask. */
export function analyse(plane: Float32Array): Analysis {
  const coefficients = new Float64Array(BLOCKS * BAND.length);
  const energy = new Float64Array(BLOCKS);
  const block = new Float64Array(64);
  for (let by = 0; by < BLOCKS_PER_SIDE; by++)
    for (let bx = 0; bx < BLOCKS_PER_SIDE; bx++) {
      forwardBlock(plane, CANONICAL, bx, by, block);
      const b = by * BLOCKS_PER_SIDE + bx;
      // Activity from the low AC diagonals (1 and 2), which the mark never touches and which
      // compression and blur barely change; contrast changes scale them like the band, so the
      // quantiser step (proportional to it) scales with the band.
      let ac = 0;
      for (const k of LOW) ac += block[k]! * block[k]!;
      energy[b] = Math.sqrt(ac / LOW.length);
      for (let i = 0; i < BAND.length; i++) coefficients[b * BAND.length + i] = block[BAND[i]!]!;
    }
  const sorted = Float64Array.from(energy).sort();
  // Floored: on flat art the median block is near 0, and a step that small would not survive compression.
  const activity = Math.max(ACTIVITY_FLOOR, sorted[sorted.length >> 1]!);
  const mask = new Float64Array(BLOCKS);
  for (let b = 0; b < BLOCKS; b++) mask[b] = Math.min(2.5, Math.max(0.5, Math.sqrt(energy[b]! / activity)));
  return { coefficients, mask, activity };
}
