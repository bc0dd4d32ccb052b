import { type Analysis, analyse, masking } from './analysis.js';
import { CANONICAL, canonicalLuma, type RgbaPixels, resampleBilinearLines } from './canonical.js';
import { convolutionalEncode } from './convolutional.js';
import { inverseBlockAdd } from './dct8.js';
import { BAND, BLOCKS, BLOCKS_PER_SIDE, LOW_BAND, layoutFor } from './layout.js';
import { encodePayload, randomRecordId } from './payload.js';
import { SCHEME_1, SCHEME_2, type SchemeParameters } from './scheme.js';

/** Options of `embedWatermarkRgba`. */
export interface EmbedOptions {
  /** The watermark key (keep it secret; never written anywhere). */
  key: string | Uint8Array;
  /** The 40-bit record id to carry, as 10 hex digits. Default: a random one. */
  recordId?: string;
  /** Strength: 1 is the default trade-off (PSNR ≈ 44 dB); higher is more robust and more visible. */
  strength?: number;
  /**
   * The scheme version to embed. Default: chosen per image — 2 (payload in the low band: better
   * through JPEG, WebP and downscaling) on textured images such as photographs, 1 (payload in the
   * mid band) on flat art, where scheme 1's pilot survives WebP better. Detection reads both.
   */
  version?: 1 | 2;
}

/** What `embedWatermarkRgba` returns. */
export interface Embedded {
  /** The marked pixels (a new array). */
  image: RgbaPixels;
  recordId: string;
  version: number;
  /** PSNR of the marked image against the input, dB. */
  psnr: number;
}

/**
 * STDM: moves the keyed projection of `slots` onto the lattice of `bit` (dithered by ±step/4),
 * writing the change into `delta`. `weight(slot)` is the slot's mask.
 */
export function quantiseBit(
  slots: Int32Array,
  chips: Int8Array,
  weight: (slot: number) => number,
  coefficients: Float64Array,
  step: number,
  bit: number,
  delta: Float64Array,
): void {
  let norm = 0;
  let projection = 0;
  for (const slot of slots) {
    const w = weight(slot);
    norm += w * w;
    projection += chips[slot]! * w * coefficients[slot]!;
  }
  norm = Math.sqrt(norm);
  projection /= norm;
  const dither = bit ? step / 4 : -step / 4;
  const target = Math.round((projection - dither) / step) * step + dither;
  const change = (target - projection) / norm;
  for (const slot of slots) delta[slot] = change * chips[slot]! * weight(slot);
}

/**
 * Embeds the mark into RGBA pixels: a keyed ±1 pilot (presence) in mid-band block-DCT coefficients
 * of the luminance on the canonical 512² grid and STDM-quantised projections carrying the payload's
 * convolutionally coded bits (scheme 2: in the low band; scheme 1: in the rest of the mid band),
 * weighted per block; the residual is resampled to the image's size and added to R, G and B alike.
 * Alpha is kept.
 */
export async function embedWatermarkRgba(image: RgbaPixels, options: EmbedOptions): Promise<Embedded> {
  const analysis = analyse(canonicalLuma(image), { 1: SCHEME_1.maskBand, 2: SCHEME_2.maskBand });
  const version = options.version ?? schemeFor(analysis);
  return embedWithScheme(image, options, version === 1 ? SCHEME_1 : SCHEME_2, analysis);
}

/**
 * Flat art — more than half of the blocks without texture (RMS of the diagonal-2 coefficients
 * under 1.5 grey levels) — gets scheme 1. The limit sits between the tuning photographs (lowest
 * median 1.6, a rocket against the sky) and upscaled emoji (0–1.1).
 */
export const FLAT_ART_ACTIVITY = 1.5;

function schemeFor(analysis: Analysis): 1 | 2 {
  const sorted = Float64Array.from(analysis.energy[2]).sort();
  return sorted[sorted.length >> 1]! < FLAT_ART_ACTIVITY ? 1 : 2;
}

/** `embedWatermarkRgba` with explicit scheme parameters (the evaluation tunes them). */
export async function embedWithScheme(
  image: RgbaPixels,
  options: EmbedOptions,
  scheme: SchemeParameters,
  precomputed?: Analysis,
): Promise<Embedded> {
  const strength = options.strength ?? 1;
  const recordId = options.recordId ?? randomRecordId();
  const version = scheme.version;
  const coded = convolutionalEncode(encodePayload(recordId, version));
  const layout = await layoutFor(options.key);
  const analysis =
    precomputed ??
    analyse(canonicalLuma(image), {
      1: version === 1 ? scheme.maskBand : SCHEME_1.maskBand,
      2: version === 2 ? scheme.maskBand : SCHEME_2.maskBand,
    });
  const { mask, activity } = masking(analysis.energy[version], scheme);
  const n = BAND.length;
  const m = LOW_BAND.length;
  const delta = new Float64Array(analysis.coefficients.length);
  const deltaLow = new Float64Array(analysis.low.length);
  const amplitude = scheme.pilotAmplitude * strength;
  const pilot = version === 1 ? layout.pilot : layout.pilot2;
  for (const slot of pilot) delta[slot] = amplitude * mask[(slot / n) | 0]! * layout.chips[slot]!;

  const step = scheme.step * strength * activity;
  for (let j = 0; j < coded.length; j++) {
    if (version === 1) {
      const slots = layout.bits.subarray(j * layout.perBit, (j + 1) * layout.perBit);
      quantiseBit(
        slots,
        layout.chips,
        (s) => mask[(s / n) | 0]!,
        analysis.coefficients,
        step,
        coded[j]!,
        delta,
      );
    } else {
      const slots = layout.bits2.subarray(j * layout.perBit2, (j + 1) * layout.perBit2);
      quantiseBit(slots, layout.chips2, (s) => mask[(s / m) | 0]!, analysis.low, step, coded[j]!, deltaLow);
    }
  }

  const residual = new Float32Array(CANONICAL * CANONICAL);
  const block = new Float64Array(64);
  for (let b = 0; b < BLOCKS; b++) {
    block.fill(0);
    for (let i = 0; i < n; i++) block[BAND[i]!] = delta[b * n + i]!;
    if (version === 2) for (let i = 0; i < m; i++) block[LOW_BAND[i]!] = deltaLow[b * m + i]!;
    inverseBlockAdd(block, residual, CANONICAL, b % BLOCKS_PER_SIDE, (b / BLOCKS_PER_SIDE) | 0, 5);
  }
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(data.length);
  let squared = 0;
  // The residual, upsampled one line at a time, added to R, G and B alike.
  resampleBilinearLines(residual, CANONICAL, CANONICAL, width, height, (y, line) => {
    for (let x = 0, p = y * width * 4; x < width; x++, p += 4) {
      const r = line[x]!;
      for (let c = 0; c < 3; c++) {
        // A clamped array rounds and clamps on assignment.
        out[p + c] = data[p + c]! + r;
        const d = out[p + c]! - data[p + c]!;
        squared += d * d;
      }
      out[p + 3] = data[p + 3]!;
    }
  });
  const mse = squared / (width * height * 3);
  return {
    image: { width, height, data: out },
    recordId,
    version,
    psnr: mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse),
  };
}
