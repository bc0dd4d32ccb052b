import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, fromHalf, toHalf } from '../src/runtime/float16.js';

describe('float16 conversion', () => {
  it('encodes the IEEE 754 reference values', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.5)).toBe(0x3800);
    expect(toHalf(65504)).toBe(0x7bff); // largest half
    expect(toHalf(65520)).toBe(0x7c00); // rounds up to infinity
    expect(toHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalf(2 ** -26)).toBe(0x0000); // below half of it: zero
    expect(toHalf(-0)).toBe(0x8000);
    expect(toHalf(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(toHalf(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(toHalf(Number.NaN) & 0x3ff).not.toBe(0);
  });

  it('rounds to nearest even', () => {
    // 1 + 2^-11 is exactly between 1 and the next half (1 + 2^-10): ties go to the even mantissa (1).
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 is between 1 + 2^-10 (odd) and 1 + 2^-9 (even): goes up.
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('decodes every finite half exactly and round-trips it', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      const value = fromHalf(bits);
      expect(toHalf(value)).toBe(bits === 0x8000 ? 0x8000 : bits);
    }
    expect(fromHalf(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(fromHalf(0x7e00)).toBeNaN();
  });

  it('converts arrays both ways', () => {
    const values = Float32Array.from([0, 1, -1.5, 3.140625, 1000]);
    expect([...float16ToFloat32(float32ToFloat16(values))]).toEqual([...values]);
  });
});

describe('float16 array conversion agrees with the scalar reference', () => {
  it('on every half, halfway points, subnormals and overflow', () => {
    const values: number[] = [];
    for (let bits = 0; bits < 0x7c00; bits++) {
      const v = fromHalf(bits);
      const next = fromHalf(bits + 1);
      values.push(v, -v, (v + next) / 2, -(v + next) / 2, v + (next - v) * 0.26, v + (next - v) * 0.74);
    }
    values.push(
      65504,
      65519,
      65520,
      1e6,
      -1e6,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-10,
      -1e-10,
    );
    const input = Float32Array.from(values);
    const fast = float32ToFloat16(input);
    for (let i = 0; i < input.length; i++) expect(fast[i], `value ${input[i]}`).toBe(toHalf(input[i]!));
    const nan = float32ToFloat16(Float32Array.of(Number.NaN))[0]!;
    expect(nan & 0x7c00).toBe(0x7c00);
    expect(nan & 0x3ff).not.toBe(0);
  });
});
