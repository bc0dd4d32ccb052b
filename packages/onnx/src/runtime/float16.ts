// IEEE 754 half precision ↔ single precision, for fp16 models. Node 20 has no Float16Array, so
// ONNX Runtime takes and returns float16 tensors as Uint16Array bit patterns. Arrays are converted
// through a Uint32 view (no per-value boxing) and a 65,536-entry decode table.

const floatView = new Float32Array(1);
const intView = new Uint32Array(floatView.buffer);

/** float32 bits → float16 bits, round to nearest even; overflow → ±Infinity, NaN kept. */
function halfBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 112;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** One number → float16 bits. */
export function toHalf(value: number): number {
  floatView[0] = value;
  return halfBits(intView[0]!);
}

/** float16 bits → number. */
export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

let decodeTable: Float32Array | undefined;

/**
 * A Float32Array as float16 bits, round to nearest even. Branch-light bit arithmetic (F. Giesen's
 * `float_to_half_fast3_rtne`): normal numbers by integer rounding on the bits, subnormals by
 * adding 0.5 in float32 so the FPU does the rounding.
 */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i]!;
    const sign = (x >>> 16) & 0x8000;
    const f = x & 0x7fffffff;
    let half: number;
    if (f >= 0x47800000) half = f > 0x7f800000 ? 0x7e00 : 0x7c00;
    else if (f < 0x38800000) {
      floatView[0] = Math.abs(values[i]!) + 0.5;
      half = intView[0]! - 0x3f000000;
    } else half = (f - 0x37fff001 + ((f >>> 13) & 1)) >>> 13;
    out[i] = sign | half;
  }
  return out;
}

/** float16 bits as a Float32Array. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) decodeTable[i] = fromHalf(i);
  }
  const table = decodeTable;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}
