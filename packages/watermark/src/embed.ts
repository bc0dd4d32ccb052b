import { analyse } from './analysis.js';
import { CANONICAL, canonicalLuma, type RgbaPixels, resampleBilinear } from './canonical.js';
import { convolutionalEncode } from './convolutional.js';
import { inverseBlockAdd } from './dct8.js';
import { BAND, BLOCKS, BLOCKS_PER_SIDE, layoutFor } from './layout.js';
import { encodePayload, randomRecordId, SCHEME_VERSION } from './payload.js';

/** Options of `embedWatermarkRgba`. */
export interface EmbedOptions {
  /** The watermark key (keep it secret; never written anywhere). */
  key: string | Uint8Array;
  /** The 40-bit record id to carry, as 10 hex digits. Default: a random one. */
  recordId?: string;
  /** Strength: 1 is the default trade-off (PSNR ≈ 44 dB); higher is more robust and more visible. */
  strength?: number;
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

/** Pilot amplitude per slot and quantiser step of the payload, relative to the block activity. */
export const PILOT_AMPLITUDE = 3;
export const STEP = 6;

/**
 * Embeds the mark into RGBA pixels: a keyed ±1 pilot (presence) and STDM-quantised projections
 * (the payload's convolutionally coded bits) in mid-band block-DCT coefficients of the luminance on
 * the canonical 512² grid, weighted per block; the residual is resampled to the image's size and
 * added to R, G and B alike. Alpha is kept.
 */
export async function embedWatermarkRgba(image: RgbaPixels, options: EmbedOptions): Promise<Embedded> {
  const strength = options.strength ?? 1;
  const recordId = options.recordId ?? randomRecordId();
  const coded = convolutionalEncode(encodePayload(recordId));
  const layout = await layoutFor(options.key);
  const { coefficients, mask, activity } = analyse(canonicalLuma(image));
  const delta = new Float64Array(coefficients.length);
  const n = BAND.length;
  const amplitude = PILOT_AMPLITUDE * strength;
  for (const slot of layout.pilot) delta[slot] = amplitude * mask[(slot / n) | 0]! * layout.chips[slot]!;

  const step = STEP * strength * activity;
  for (let j = 0; j < coded.length; j++) {
    const slots = layout.bits.subarray(j * layout.perBit, (j + 1) * layout.perBit);
    let norm = 0;
    let projection = 0;
    for (const slot of slots) {
      const w = mask[(slot / n) | 0]!;
      norm += w * w;
      projection += layout.chips[slot]! * w * coefficients[slot]!;
    }
    norm = Math.sqrt(norm);
    projection /= norm;
    const dither = coded[j] ? step / 4 : -step / 4;
    const target = Math.round((projection - dither) / step) * step + dither;
    const change = (target - projection) / norm;
    for (const slot of slots) delta[slot] = change * layout.chips[slot]! * mask[(slot / n) | 0]!;
  }

  const residual = new Float32Array(CANONICAL * CANONICAL);
  const block = new Float64Array(64);
  for (let b = 0; b < BLOCKS; b++) {
    block.fill(0);
    for (let i = 0; i < n; i++) block[BAND[i]!] = delta[b * n + i]!;
    inverseBlockAdd(block, residual, CANONICAL, b % BLOCKS_PER_SIDE, (b / BLOCKS_PER_SIDE) | 0);
  }
  const { width, height, data } = image;
  const up = resampleBilinear(residual, CANONICAL, CANONICAL, width, height);
  const out = new Uint8ClampedArray(data.length);
  let squared = 0;
  for (let i = 0, p = 0; i < up.length; i++, p += 4) {
    const r = up[i]!;
    for (let c = 0; c < 3; c++) {
      const value = Math.round(data[p + c]! + r);
      out[p + c] = value;
      const d = out[p + c]! - data[p + c]!;
      squared += d * d;
    }
    out[p + 3] = data[p + 3]!;
  }
  const mse = squared / (up.length * 3);
  return {
    image: { width, height, data: out },
    recordId,
    version: SCHEME_VERSION,
    psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse),
  };
}
