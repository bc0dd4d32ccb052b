import { analyse, masking } from './analysis.js';
import { canonicalLuma, type RgbaPixels } from './canonical.js';
import { convolutionalEncode, viterbiDecode } from './convolutional.js';
import { BAND, LOW_BAND, layoutFor } from './layout.js';
import { decodePayload, encodePayload, PAYLOAD_BITS } from './payload.js';
import { SCHEME_1, SCHEME_2, type SchemeParameters } from './scheme.js';

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

/** The normalised STDM projection of each coded bit's slots. */
function projections(
  bits: Int32Array,
  perBit: number,
  chips: Int8Array,
  weight: (slot: number) => number,
  coefficients: Float64Array,
): Float64Array {
  const out = new Float64Array(bits.length / perBit);
  for (let j = 0; j < out.length; j++) {
    const slots = bits.subarray(j * perBit, (j + 1) * perBit);
    let norm = 0;
    let projection = 0;
    for (const slot of slots) {
      const w = weight(slot);
      norm += w * w;
      projection += chips[slot]! * w * coefficients[slot]!;
    }
    out[j] = projection / Math.sqrt(norm);
  }
  return out;
}

/** Soft decisions of the coded bits for a quantiser step (positive: nearer the 1 lattice). */
function softBits(projected: Float64Array, step: number): Float64Array {
  const distance = (projection: number, dither: number) => {
    const r = (projection - dither) / step;
    return Math.abs(r - Math.round(r));
  };
  return projected.map((p) => distance(p, -step / 4) - distance(p, step / 4));
}

/**
 * Step factors tried, in order, when scheme 2's payload does not decode at the measured step: a
 * non-linear brightness or contrast change (gamma, a lightness curve) scales the low band's
 * projections other than the activity the step is measured from. 5 % apart, within the quantiser's
 * ±8 % tolerance; each try adds about 2⁻²⁴ (CRC and version) to the chance of a wrong record id on
 * a marked image, 15 tries about 10⁻⁶.
 */
const STEP_FACTORS = [1, 0.95, 1.05, 0.9, 1.1, 0.85, 1.15, 0.8, 1.2, 0.75, 1.25, 0.7, 1.3, 0.65, 1.4];

/** The payload of `soft` when it decodes with a good CRC and the expected version. */
function decodeSoft(
  soft: Float64Array,
  version: number,
): { payload: { version: number; recordId: string }; bitErrors: number } | undefined {
  const payload = decodePayload(viterbiDecode(soft, PAYLOAD_BITS));
  if (!payload || payload.version !== version) return undefined;
  const reencoded = convolutionalEncode(encodePayload(payload.recordId, payload.version));
  const bitErrors = reencoded.reduce((sum, bit, i) => sum + (bit !== (soft[i]! > 0 ? 1 : 0) ? 1 : 0), 0);
  return { payload, bitErrors };
}

/**
 * Looks for the key's mark in RGBA pixels. Detection with the wrong key, or of an unmarked image,
 * is a null result (`present: false`), never an error. Reads marks of scheme versions 2 and 1.
 */
export async function detectWatermarkRgba(image: RgbaPixels, options: DetectOptions): Promise<Detection> {
  return detectWithSchemes(image, options, SCHEME_2, SCHEME_1);
}

/** `detectWatermarkRgba` with explicit scheme parameters (the evaluation tunes them). */
export async function detectWithSchemes(
  image: RgbaPixels,
  options: DetectOptions,
  scheme2: SchemeParameters,
  scheme1: SchemeParameters,
): Promise<Detection> {
  const threshold = options.threshold ?? 4.75;
  const layout = await layoutFor(options.key);
  const analysis = analyse(canonicalLuma(image), { 1: scheme1.maskBand, 2: scheme2.maskBand });
  const n = BAND.length;
  const m = LOW_BAND.length;
  // Presence: one test, on scheme 2's pilot (a superset of scheme 1's) with scheme 2's masks; under
  // "no mark of this key" z is standard normal whatever the weights, so the threshold is the FPR.
  const two = masking(analysis.energy[2], scheme2);
  let correlation = 0;
  let energy = 0;
  for (const slot of layout.pilot2) {
    const v = two.mask[(slot / n) | 0]! * analysis.coefficients[slot]!;
    correlation += v * layout.chips[slot]!;
    energy += v * v;
  }
  const z = energy > 0 ? correlation / Math.sqrt(energy) : 0;
  const pValue = normalTail(z);
  const result: Detection = { present: z >= threshold, z, pValue };
  if (!result.present) return result;

  const strength = options.strength ?? 1;
  const projected2 = projections(
    layout.bits2,
    layout.perBit2,
    layout.chips2,
    (s) => two.mask[(s / m) | 0]!,
    analysis.low,
  );
  const step2 = scheme2.step * strength * two.activity;
  let decoded: ReturnType<typeof decodeSoft>;
  for (const factor of STEP_FACTORS) {
    decoded = decodeSoft(softBits(projected2, step2 * factor), 2);
    if (decoded) break;
  }
  if (!decoded) {
    const one = masking(analysis.energy[1], scheme1);
    const projected1 = projections(
      layout.bits,
      layout.perBit,
      layout.chips,
      (s) => one.mask[(s / n) | 0]!,
      analysis.coefficients,
    );
    decoded = decodeSoft(softBits(projected1, scheme1.step * strength * one.activity), 1);
  }
  if (decoded) {
    result.payload = decoded.payload;
    result.bitErrors = decoded.bitErrors;
  }
  return result;
}
