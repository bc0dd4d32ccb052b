/**
 * The one noise function every Pictor backend uses, so that the same seed draws the same noise in
 * tfjs, ONNX Runtime or anywhere else.
 *
 * - PRNG: mulberry32 over a uint32 state initialised to `seed >>> 0`.
 * - Uniforms: `u = (next() + 0.5) / 2^32`, so never 0 or 1.
 * - Normals: Box–Muller, both outputs used in order: for uniforms u1, u2,
 *   `r = sqrt(-2 ln u1)`, values `r·cos(2π u2)` then `r·sin(2π u2)`.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `count` uniform numbers in (0, 1) for `seed`. */
export function seededUniform(seed: number, count: number): Float32Array {
  const next = createPrng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (next() + 0.5) / 4294967296;
  return out;
}

/** `count` standard normal numbers for `seed` (see the module comment for the exact recipe). */
export function seededNormal(seed: number, count: number): Float32Array {
  const next = createPrng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = (next() + 0.5) / 4294967296;
    const u2 = (next() + 0.5) / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

const pool = new Uint32Array(256);
let poolIndex = pool.length;

/** A random seed (0 ≤ seed < 2^32) for calls that name none, from the platform CSPRNG (drawn 256 at a time). */
export function randomSeed(): number {
  if (poolIndex >= pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolIndex = 0;
  }
  return pool[poolIndex++]!;
}
