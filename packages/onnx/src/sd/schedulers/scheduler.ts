/** What the pipeline needs from a scheduler. Arrays are flat latents (batch × channels × height × width). */
export interface Scheduler {
  /** The scheduler's name (`euler`, `euler-ancestral`, `ddim`, `lcm`). */
  readonly name: SchedulerName;
  /** The timesteps passed to the UNet, one per step, descending. */
  readonly timesteps: readonly number[];
  /** What pure noise is multiplied by to make the first latents. */
  readonly initNoiseSigma: number;
  /** The UNet input for step `index` (Euler divides by √(σ²+1); DDIM and LCM pass it through). */
  scaleModelInput(sample: Float32Array, index: number): Float32Array;
  /**
   * One denoising step: the latents after step `index` given the model output. `noise` draws fresh
   * standard normal numbers for stochastic schedulers (Euler ancestral, LCM).
   */
  step(
    modelOutput: Float32Array,
    index: number,
    sample: Float32Array,
    noise: (count: number) => Float32Array,
  ): Float32Array;
  /** img2img: the input's latents noised to the level of step `index`. */
  addNoise(original: Float32Array, noise: Float32Array, index: number): Float32Array;
}

/** The schedulers the adapter implements. */
export const SCHEDULERS = ['euler', 'euler-ancestral', 'ddim', 'lcm'] as const;

/** A scheduler name. */
export type SchedulerName = (typeof SCHEDULERS)[number];

/** x̂₀ from the model output, for the three prediction types, given √ᾱ and √(1−ᾱ). */
export function predictOriginal(
  predictionType: 'epsilon' | 'v_prediction' | 'sample',
  modelOutput: number,
  sample: number,
  sqrtAlpha: number,
  sqrtOneMinusAlpha: number,
): number {
  if (predictionType === 'epsilon') return (sample - sqrtOneMinusAlpha * modelOutput) / sqrtAlpha;
  if (predictionType === 'v_prediction') return sqrtAlpha * sample - sqrtOneMinusAlpha * modelOutput;
  return modelOutput;
}

/** The forward process q(xₜ | x₀): √ᾱ·x₀ + √(1−ᾱ)·ε, for DDPM-family schedulers (DDIM, LCM). */
export function noiseToAlpha(
  original: Float32Array,
  noise: Float32Array,
  alphaCumprod: number,
): Float32Array {
  const sa = Math.sqrt(alphaCumprod);
  const sb = Math.sqrt(1 - alphaCumprod);
  const out = new Float32Array(original.length);
  for (let i = 0; i < original.length; i++) out[i] = sa * original[i]! + sb * noise[i]!;
  return out;
}
