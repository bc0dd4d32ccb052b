import { analyse } from './analysis.js';
import { canonicalLuma, type RgbaPixels } from './canonical.js';
import { convolutionalEncode, viterbiDecode } from './convolutional.js';
import { STEP } from './embed.js';
import { BAND, layoutFor } from './layout.js';
import { decodePayload, encodePayload, PAYLOAD_BITS } from './payload.js';

/** Options of `detectWatermarkRgba`. */
export interface DetectOptions {
  key: string | Uint8Array;
  /** Presence threshold on z. Default 4.75: a false positive on 1 in 10⁶ unmarked images per key. */
  threshold?: number;
  /** The strength it was embedded with, when not the default 1. */
  strength?: number;
}

/** What detection found. */
export interface Detection {
  /** z ≥ threshold: the mark of this key is in the image. */
  present: boolean;
  /** The pilot's normalised correlation; standard normal on images without this key's mark. */
  z: number;
  /** One-sided p-value of z under "no mark": the chance an unmarked image scores this high. */
  pValue: number;
  /** The payload, only when present and its CRC checks. */
  payload?: { version: number; recordId: string };
  /** Coded bits that disagreed with the decoded payload's code word (when a payload was read). */
  bitErrors?: number;
}

/** Upper tail of the standard normal, P(Z ≥ z) (Abramowitz–Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Looks for the key's mark in RGBA pixels. Detection with the wrong key, or of an unmarked image,
 * is a null result (`present: false`), never an error.
 */
export async function detectWatermarkRgba(image: RgbaPixels, options: DetectOptions): Promise<Detection> {
  const threshold = options.threshold ?? 4.75;
  const layout = await layoutFor(options.key);
  const { coefficients, mask, activity } = analyse(canonicalLuma(image));
  const n = BAND.length;
  let correlation = 0;
  let energy = 0;
  for (const slot of layout.pilot) {
    const v = mask[(slot / n) | 0]! * coefficients[slot]!;
    correlation += v * layout.chips[slot]!;
    energy += v * v;
  }
  const z = energy > 0 ? correlation / Math.sqrt(energy) : 0;
  const pValue = normalTail(z);
  const result: Detection = { present: z >= threshold, z, pValue };
  if (!result.present) return result;

  const step = STEP * (options.strength ?? 1) * activity;
  const soft = new Float64Array(layout.bits.length / layout.perBit);
  const hard: number[] = [];
  for (let j = 0; j < soft.length; j++) {
    const slots = layout.bits.subarray(j * layout.perBit, (j + 1) * layout.perBit);
    let norm = 0;
    let projection = 0;
    for (const slot of slots) {
      const w = mask[(slot / n) | 0]!;
      norm += w * w;
      projection += layout.chips[slot]! * w * coefficients[slot]!;
    }
    projection /= Math.sqrt(norm);
    const distance = (dither: number) => {
      const r = (projection - dither) / step;
      return Math.abs(r - Math.round(r));
    };
    soft[j] = distance(-step / 4) - distance(step / 4);
    hard.push(soft[j]! > 0 ? 1 : 0);
  }
  const bits = viterbiDecode(soft, PAYLOAD_BITS);
  const payload = decodePayload(bits);
  if (payload) {
    const reencoded = convolutionalEncode(encodePayload(payload.recordId, payload.version));
    result.payload = payload;
    result.bitErrors = reencoded.reduce((sum, bit, i) => sum + (bit !== hard[i] ? 1 : 0), 0);
  }
  return result;
}
