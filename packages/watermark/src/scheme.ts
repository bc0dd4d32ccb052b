// The two scheme versions' constants. Scheme 1 (the first release) carries the payload in the mid
// band beside the pilot; scheme 2 moves it to the low band, which JPEG, WebP and downscaling keep
// better. Detection reads both (the payload's version field says which one decoded).

/** The strengths and limits of one scheme version. */
export interface SchemeParameters {
  version: 1 | 2;
  /** Pilot amplitude per slot, times the block's mask. */
  pilotAmplitude: number;
  /** STDM quantiser step, relative to the image's activity. */
  step: number;
  /** The least (and most) activity the step is scaled from, DCT units. */
  activityFloor: number;
  activityCap: number;
  /** Block masks are clamped to [maskMin, maskMax]. */
  maskMin: number;
  maskMax: number;
  /** The block coefficients (row-major) the activity and masks are measured on; never modified. */
  maskBand: readonly number[];
}

export const SCHEME_1: SchemeParameters = {
  version: 1,
  pilotAmplitude: 3,
  step: 6,
  activityFloor: 8,
  activityCap: Number.POSITIVE_INFINITY,
  maskMin: 0.5,
  maskMax: 2.5,
  // Zig-zag diagonals 1 and 2.
  maskBand: [1, 8, 2, 9, 16],
};

// Tuned on the eight tuning photographs (eval/tune.ts): the least pilot and mask range that keeps
// the PSNR ≥ 42 dB on the busiest texture while detecting all eight after a 0.5× resize.
export const SCHEME_2: SchemeParameters = {
  version: 2,
  pilotAmplitude: 2.5,
  step: 8,
  activityFloor: 12,
  activityCap: 24,
  maskMin: 0.6,
  maskMax: 2,
  // The diagonal-2 coefficients the low-band payload leaves alone.
  maskBand: [9, 2],
};
