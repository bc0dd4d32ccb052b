import { CANONICAL } from './canonical.js';
import { forwardBlock } from './dct8.js';
import { BAND, BLOCKS, BLOCKS_PER_SIDE, LOW_BAND } from './layout.js';
import type { SchemeParameters } from './scheme.js';

/** The canonical grid's block-DCT coefficients the mark uses. */
export interface Analysis {
  /** Mid-band coefficient of slot s = block · |BAND| + position. */
  coefficients: Float64Array;
  /** Low-band coefficient of slot s = block · |LOW_BAND| + position. */
  low: Float64Array;
  /** Each block's full DCT is not kept; these are the RMS of the mask bands, per scheme version. */
  energy: Record<1 | 2, Float64Array>;
}

/** A scheme's perceptual weights: per block (busier blocks hide more), and the image's activity. */
export interface Masking {
  /** Weight of each block, within [maskMin, maskMax]. */
  mask: Float64Array;
  /** The median block activity, clamped: quantiser steps scale with it, so brightness and contrast changes cancel. */
  activity: number;
}

const VERSIONS = [1, 2] as const;

/** Block DCTs of the canonical luma: the band coefficients, and the mask bands' energy per block. */
export function analyse(plane: Float32Array, bands: Record<1 | 2, readonly number[]>): Analysis {
  const coefficients = new Float64Array(BLOCKS * BAND.length);
  const low = new Float64Array(BLOCKS * LOW_BAND.length);
  const energy = { 1: new Float64Array(BLOCKS), 2: new Float64Array(BLOCKS) };
  const block = new Float64Array(64);
  for (let by = 0; by < BLOCKS_PER_SIDE; by++)
    for (let bx = 0; bx < BLOCKS_PER_SIDE; bx++) {
      forwardBlock(plane, CANONICAL, bx, by, block, 5);
      const b = by * BLOCKS_PER_SIDE + bx;
      // Activity from low coefficients the scheme never touches, which compression and blur barely
      // change; contrast changes scale them like the band, so the quantiser step scales along.
      for (const version of VERSIONS) {
        const band = bands[version];
        let ac = 0;
        for (const k of band) ac += block[k]! * block[k]!;
        energy[version][b] = Math.sqrt(ac / band.length);
      }
      for (let i = 0; i < BAND.length; i++) coefficients[b * BAND.length + i] = block[BAND[i]!]!;
      for (let i = 0; i < LOW_BAND.length; i++) low[b * LOW_BAND.length + i] = block[LOW_BAND[i]!]!;
    }
  return { coefficients, low, energy };
}

/** The scheme's block masks and activity from the block energies. */
export function masking(energy: Float64Array, scheme: SchemeParameters): Masking {
  const sorted = Float64Array.from(energy).sort();
  // Floored: on flat art the median block is near 0, and a step that small would not survive
  // compression; capped (scheme 2) so the busiest textures do not take a visible step.
  const activity = Math.min(scheme.activityCap, Math.max(scheme.activityFloor, sorted[sorted.length >> 1]!));
  const mask = new Float64Array(BLOCKS);
  for (let b = 0; b < BLOCKS; b++)
    mask[b] = Math.min(scheme.maskMax, Math.max(scheme.maskMin, Math.sqrt(energy[b]! / activity)));
  return { mask, activity };
}
