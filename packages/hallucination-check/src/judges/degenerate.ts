import { luminance, resampleRgb } from '../image/resample.js';
import { checkNumber } from '../options-check.js';
import type { Judge, JudgeInput, Verdict } from '../types.js';

/** Thresholds of the degenerate-image judge (defaults calibrated on the evaluation set, see the docs). */
export interface DegenerateOptions {
  /** Luminance standard deviation (0..255) below which the image is uniform/blank. Default 3. */
  minStdDev?: number;
  /** Mean luminance below which (with a low maximum) the image is near-black, as filtered outputs are. Default 10. */
  maxBlackMean?: number;
  /** Correlation of neighbouring pixels below which the image is noise. Default 0.25. */
  minNeighbourCorrelation?: number;
}

/** Statistics the judge computes (exported for the evaluation script). */
export interface DegenerateStats {
  mean: number;
  stdDev: number;
  max: number;
  neighbourCorrelation: number;
}

/** Luminance statistics of an RGBA image on a ≤128-pixel grid. */
export function degenerateStats(image: { width: number; height: number; data: Uint8Array }): DegenerateStats {
  const scale = Math.min(1, 128 / Math.max(image.width, image.height));
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  // Point sampling: cheap, and it keeps pixel noise visible (averaging would smooth it away).
  const grey = luminance(resampleRgb(image, w, h, undefined, 1));
  let sum = 0;
  let max = 0;
  for (const v of grey) {
    sum += v;
    if (v > max) max = v;
  }
  const mean = sum / grey.length;
  let variance = 0;
  for (const v of grey) variance += (v - mean) ** 2;
  variance /= grey.length;
  let covariance = 0;
  let pairs = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = grey[y * w + x]! - mean;
      if (x + 1 < w) {
        covariance += v * (grey[y * w + x + 1]! - mean);
        pairs++;
      }
      if (y + 1 < h) {
        covariance += v * (grey[(y + 1) * w + x]! - mean);
        pairs++;
      }
    }
  }
  const neighbourCorrelation = variance > 0 && pairs > 0 ? covariance / pairs / variance : 1;
  return { mean, stdDev: Math.sqrt(variance), max, neighbourCorrelation };
}

/**
 * Judges the `image` check: undecodable bytes, wrong dimensions, blank/uniform, near-black (the way
 * content-filtered outputs look) and noise-only images fail. Pure arithmetic on a ≤128-pixel grid.
 *
 * @example
 * hallucinationCheck({ judges: [degenerate({ minStdDev: 2 })] });
 */
export function degenerate(options: DegenerateOptions = {}): Judge {
  checkNumber(options.minStdDev, 'minStdDev', 0, 255);
  checkNumber(options.maxBlackMean, 'maxBlackMean', 0, 255);
  checkNumber(options.minNeighbourCorrelation, 'minNeighbourCorrelation', -1, 1);
  const { minStdDev = 3, maxBlackMean = 10, minNeighbourCorrelation = 0.25 } = options;
  return {
    name: 'degenerate',
    tier: 0,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const check = input.checks.find((c) => c.id === 'image');
      if (!check) return [];
      const verdict = (
        v: Verdict['verdict'],
        reason: string,
        evidence: Record<string, unknown> = {},
      ): Verdict[] => [
        {
          check,
          verdict: v,
          score: v === 'pass' ? 1 : v === 'fail' ? 0 : 0.5,
          judge: 'degenerate',
          evidence: { reason, ...evidence },
        },
      ];
      if (!input.image) return verdict('fail', input.decodeError ?? 'undecodable');
      const { width, height } = input.image;
      const { request } = input;
      if (
        (request.width !== undefined && request.width !== width) ||
        (request.height !== undefined && request.height !== height)
      ) {
        return verdict(
          'fail',
          `wrong dimensions: asked ${request.width ?? '?'}×${request.height ?? '?'}, got ${width}×${height}`,
        );
      }
      const stats = degenerateStats(input.image);
      const rounded = Object.fromEntries(
        Object.entries(stats).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
      );
      if (stats.mean < maxBlackMean && stats.max < maxBlackMean * 3)
        return verdict('fail', 'near-black (filtered?)', rounded);
      if (stats.stdDev < minStdDev) return verdict('fail', 'blank or uniform', rounded);
      if (stats.neighbourCorrelation < minNeighbourCorrelation) return verdict('fail', 'noise only', rounded);
      return verdict('pass', 'a real picture', rounded);
    },
  };
}
