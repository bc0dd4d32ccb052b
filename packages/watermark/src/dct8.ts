// The orthonormal 8×8 DCT-II and its inverse, separable, on blocks of a row-major float plane.

const N = 8;
/** basis[k * 8 + x] = c(k) · cos((2x + 1) k π / 16), orthonormal. */
const BASIS = (() => {
  const out = new Float64Array(N * N);
  for (let k = 0; k < N; k++)
    for (let x = 0; x < N; x++)
      out[k * N + x] = (k === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * k * Math.PI) / 16);
  return out;
})();

const tmp = new Float64Array(64);

/**
 * The coefficients (k_y, k_x) with k_y + k_x ≤ `maxDiagonal` of the DCT of the 8×8 block at
 * (bx·8, by·8) of `plane` (width `stride`), into `out` (row-major k_y·8 + k_x); the others are left
 * as they are. The mark only reads diagonals 0–5, so it skips the rest (about half the work).
 */
export function forwardBlock(
  plane: Float32Array,
  stride: number,
  bx: number,
  by: number,
  out: Float64Array,
  maxDiagonal = 2 * (N - 1),
): void {
  const origin = by * 8 * stride + bx * 8;
  const kMax = Math.min(N - 1, maxDiagonal);
  for (let y = 0; y < N; y++) {
    const row = origin + y * stride;
    for (let k = 0; k <= kMax; k++) {
      let sum = 0;
      const basis = k * N;
      for (let x = 0; x < N; x++) sum += BASIS[basis + x]! * plane[row + x]!;
      tmp[y * N + k] = sum;
    }
  }
  for (let kx = 0; kx <= kMax; kx++)
    for (let ky = 0; ky <= Math.min(N - 1, maxDiagonal - kx); ky++) {
      let sum = 0;
      const basis = ky * N;
      for (let y = 0; y < N; y++) sum += BASIS[basis + y]! * tmp[y * N + kx]!;
      out[ky * N + kx] = sum;
    }
}

/**
 * Inverse DCT of `coefficients` added into the 8×8 block at (bx·8, by·8) of `plane`; coefficients
 * beyond diagonal `maxDiagonal` must be zero (they are skipped).
 */
export function inverseBlockAdd(
  coefficients: Float64Array,
  plane: Float32Array,
  stride: number,
  bx: number,
  by: number,
  maxDiagonal = 2 * (N - 1),
): void {
  const kMax = Math.min(N - 1, maxDiagonal);
  for (let kx = 0; kx <= kMax; kx++) {
    const kyMax = Math.min(N - 1, maxDiagonal - kx);
    for (let y = 0; y < N; y++) {
      let sum = 0;
      for (let ky = 0; ky <= kyMax; ky++) sum += BASIS[ky * N + y]! * coefficients[ky * N + kx]!;
      tmp[y * N + kx] = sum;
    }
  }
  const origin = by * 8 * stride + bx * 8;
  for (let y = 0; y < N; y++) {
    const row = origin + y * stride;
    for (let x = 0; x < N; x++) {
      let sum = 0;
      for (let kx = 0; kx <= kMax; kx++) sum += BASIS[kx * N + x]! * tmp[y * N + kx]!;
      plane[row + x]! += sum;
    }
  }
}
