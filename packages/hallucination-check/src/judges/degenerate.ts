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
  /**
   * Low effective resolution: the image fails when all its detail fits a grid this size (it was upscaled
   * from a picture of at most `lowResolutionGrid`² pixels). Default 16; 0 turns the test off.
   */
  lowResolutionGrid?: number;
}

/** Relative error (RMS / σ) below which a picture counts as rebuilt from a small grid. */
export const LOW_RESOLUTION_ERROR = 0.1;
/** Relative error of a 32×32 rebuild below which a picture counts as a smooth upscale of 16×16 or less. */
export const SMOOTH_UPSCALE_ERROR = 0.12;

/** Rebuilds `grey` (w×h) from an n×n box-averaged copy, nearest and bilinear; the RMS error of each. */
function rebuildError(
  grey: Float32Array,
  w: number,
  h: number,
  n: number,
): { nearest: number; bilinear: number } {
  const small = new Float32Array(n * n);
  const counts = new Float32Array(n * n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cell = Math.min(n - 1, Math.floor((y * n) / h)) * n + Math.min(n - 1, Math.floor((x * n) / w));
      small[cell]! += grey[y * w + x]!;
      counts[cell]! += 1;
    }
  for (let i = 0; i < n * n; i++) small[i]! /= Math.max(1, counts[i]!);
  let nearest = 0;
  let bilinear = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = grey[y * w + x]!;
      const cx = Math.min(n - 1, Math.floor((x * n) / w));
      const cy = Math.min(n - 1, Math.floor((y * n) / h));
      nearest += (v - small[cy * n + cx]!) ** 2;
      const fx = Math.max(0, Math.min(n - 1, ((x + 0.5) * n) / w - 0.5));
      const fy = Math.max(0, Math.min(n - 1, ((y + 0.5) * n) / h - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(n - 1, x0 + 1);
      const y1 = Math.min(n - 1, y0 + 1);
      const tx = fx - x0;
      const ty = fy - y0;
      const top = small[y0 * n + x0]! * (1 - tx) + small[y0 * n + x1]! * tx;
      const bottom = small[y1 * n + x0]! * (1 - tx) + small[y1 * n + x1]! * tx;
      bilinear += (v - (top * (1 - ty) + bottom * ty)) ** 2;
    }
  return { nearest: Math.sqrt(nearest / (w * h)), bilinear: Math.sqrt(bilinear / (w * h)) };
}

/** Statistics the judge computes (exported for the evaluation script). */
export interface DegenerateStats {
  mean: number;
  stdDev: number;
  max: number;
  neighbourCorrelation: number;
  /** The grid (8 or 16) all the picture's detail fits in, when it looks upscaled from one that small. */
  effectiveGrid?: number;
}

/** Neighbour correlation of `grey` averaged over `k`×`k` blocks. */
function coarseCorrelation(grey: Float32Array, w: number, h: number, k: number): number {
  const cw = Math.floor(w / k);
  const ch = Math.floor(h / k);
  const coarse = new Float32Array(cw * ch);
  for (let y = 0; y < ch * k; y++)
    for (let x = 0; x < cw * k; x++)
      coarse[Math.floor(y / k) * cw + Math.floor(x / k)]! += grey[y * w + x]! / (k * k);
  let mean = 0;
  for (const v of coarse) mean += v;
  mean /= coarse.length;
  let variance = 0;
  let covariance = 0;
  let pairs = 0;
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      const v = coarse[y * cw + x]! - mean;
      variance += v * v;
      if (x + 1 < cw) {
        covariance += v * (coarse[y * cw + x + 1]! - mean);
        pairs++;
      }
      if (y + 1 < ch) {
        covariance += v * (coarse[(y + 1) * cw + x]! - mean);
        pairs++;
      }
    }
  variance /= coarse.length;
  return variance > 0 && pairs > 0 ? covariance / pairs / variance : 1;
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
  let neighbourCorrelation = variance > 0 && pairs > 0 ? covariance / pairs / variance : 1;
  // Pixel noise stays uncorrelated when averaged over 4×4 blocks; objects on a noisy ground do not.
  if (neighbourCorrelation < 0.5 && w >= 64 && h >= 64)
    neighbourCorrelation = Math.max(neighbourCorrelation, coarseCorrelation(grey, w, h, 4));
  const stdDev = Math.sqrt(variance);
  // Rebuilt from 8² or 16² within 10 % of σ (blocky upscales), or from 32² within 12 % (smooth upscales
  // of 16² or less: bilinear/bicubic detail 32² captures). Real scenes, blurred σ 4 included, stay ≥ 0.15
  // (measured on composed scenes; docs). Grids need an image at least twice their size.
  // Only pictures of 128 px or more are tested: below that, a small grid is the picture's real size.
  const large = Math.min(image.width, image.height) >= 128;
  const relative = (n: number) => {
    if (!large || n * 2 > Math.min(w, h) || stdDev === 0)
      return {
        nearest: Number.POSITIVE_INFINITY,
        bilinear: Number.POSITIVE_INFINITY,
        best: Number.POSITIVE_INFINITY,
      };
    const e = rebuildError(grey, w, h, n);
    const nearest = e.nearest / stdDev;
    const bilinear = e.bilinear / stdDev;
    return { nearest, bilinear, best: Math.min(nearest, bilinear) };
  };
  const at32 = relative(32);
  // A 32×32 picture blown up (the emoji model at a larger size) rebuilds exactly from 32²: that is its
  // real resolution, not a smooth upscale of something smaller.
  const effectiveGrid =
    relative(8).best < LOW_RESOLUTION_ERROR
      ? 8
      : relative(16).best < LOW_RESOLUTION_ERROR ||
          (at32.bilinear < SMOOTH_UPSCALE_ERROR && at32.nearest > 0.02)
        ? 16
        : undefined;
  return {
    mean,
    stdDev,
    max,
    neighbourCorrelation,
    ...(effectiveGrid !== undefined ? { effectiveGrid } : {}),
  };
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
  checkNumber(options.lowResolutionGrid, 'lowResolutionGrid', 0, 16, true);
  const {
    minStdDev = 3,
    maxBlackMean = 10,
    minNeighbourCorrelation = 0.25,
    lowResolutionGrid = 16,
  } = options;
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
      if (stats.effectiveGrid !== undefined && stats.effectiveGrid <= lowResolutionGrid)
        return verdict(
          'fail',
          `low effective resolution: no more detail than a ${stats.effectiveGrid}×${stats.effectiveGrid} picture, upscaled`,
          rounded,
        );
      return verdict('pass', 'a real picture', rounded);
    },
  };
}
