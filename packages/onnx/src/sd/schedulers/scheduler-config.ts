import { z } from 'zod';

/**
 * The fields of a diffusers `scheduler_config.json` that the schedulers read. Absent fields take the
 * diffusers defaults; unknown fields are ignored (so PNDM, LMS or DPM configs of SD 1.x exports work:
 * their beta schedule is used with the scheduler the user picks).
 */
export const schedulerConfigSchema = z
  .object({
    _class_name: z.string().optional(),
    num_train_timesteps: z.number().int().positive().default(1000),
    beta_start: z.number().positive().default(0.00085),
    beta_end: z.number().positive().default(0.012),
    beta_schedule: z.enum(['linear', 'scaled_linear', 'squaredcos_cap_v2']).default('scaled_linear'),
    trained_betas: z.array(z.number()).nullish(),
    prediction_type: z.enum(['epsilon', 'v_prediction', 'sample']).default('epsilon'),
    timestep_spacing: z.enum(['linspace', 'leading', 'trailing']).optional(),
    steps_offset: z.number().int().default(0),
    set_alpha_to_one: z.boolean().optional(),
    clip_sample: z.boolean().optional(),
    clip_sample_range: z.number().positive().default(1),
    rescale_betas_zero_snr: z.boolean().default(false),
    original_inference_steps: z.number().int().positive().default(50),
    timestep_scaling: z.number().positive().default(10),
  })
  .passthrough();

/** A parsed scheduler config. */
export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

function linspace(start: number, end: number, count: number): number[] {
  if (count === 1) return [start];
  return Array.from({ length: count }, (_, i) => start + ((end - start) * i) / (count - 1));
}

/** Rescales betas to zero terminal SNR (Lin et al. 2023, algorithm 1), as diffusers does. */
function rescaleZeroSnr(betas: Float64Array): Float64Array {
  const sqrtBar = new Float64Array(betas.length);
  let product = 1;
  for (let i = 0; i < betas.length; i++) {
    product *= 1 - betas[i]!;
    sqrtBar[i] = Math.sqrt(product);
  }
  const first = sqrtBar[0]!;
  const last = sqrtBar[betas.length - 1]!;
  for (let i = 0; i < sqrtBar.length; i++) sqrtBar[i] = ((sqrtBar[i]! - last) * first) / (first - last);
  const out = new Float64Array(betas.length);
  let previous = 1;
  for (let i = 0; i < betas.length; i++) {
    const bar = sqrtBar[i]! ** 2;
    out[i] = 1 - bar / previous;
    previous = bar;
  }
  return out;
}

/** β_t for t = 0…T−1 from the config's schedule. */
export function betas(config: SchedulerConfig): Float64Array {
  const count = config.num_train_timesteps;
  let out: Float64Array;
  if (config.trained_betas) out = Float64Array.from(config.trained_betas);
  else if (config.beta_schedule === 'linear')
    out = Float64Array.from(linspace(config.beta_start, config.beta_end, count));
  else if (config.beta_schedule === 'scaled_linear') {
    out = Float64Array.from(
      linspace(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), count),
      (b) => b * b,
    );
  } else {
    const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    out = Float64Array.from({ length: count }, (_, i) =>
      Math.min(1 - alphaBar((i + 1) / count) / alphaBar(i / count), 0.999),
    );
  }
  return config.rescale_betas_zero_snr ? rescaleZeroSnr(out) : out;
}

const cumprodCache = new WeakMap<SchedulerConfig, Float64Array>();

/** ᾱ_t = ∏(1 − β) for t = 0…T−1; computed once per config object (callers only read it). */
export function alphasCumprod(config: SchedulerConfig): Float64Array {
  const cached = cumprodCache.get(config);
  if (cached) return cached;
  const b = betas(config);
  const out = new Float64Array(b.length);
  let product = 1;
  for (let i = 0; i < b.length; i++) {
    product *= 1 - b[i]!;
    out[i] = product;
  }
  cumprodCache.set(config, out);
  return out;
}

/**
 * The N inference timesteps, descending, for a spacing (diffusers' `set_timesteps`):
 * `linspace` = evenly from T−1 to 0; `leading` = multiples of ⌊T/N⌋ plus `steps_offset`;
 * `trailing` = T − k·T/N − 1, which always includes T−1 (SD-Turbo and zero-SNR models).
 * Euler keeps linspace values fractional; DDIM rounds them.
 */
export function spacedTimesteps(
  config: SchedulerConfig,
  steps: number,
  spacing: 'linspace' | 'leading' | 'trailing',
  round: boolean,
): number[] {
  const T = config.num_train_timesteps;
  if (spacing === 'linspace') {
    const values = linspace(0, T - 1, steps).reverse();
    return round ? values.map(Math.round) : values;
  }
  if (spacing === 'leading') {
    const ratio = Math.floor(T / steps);
    return Array.from({ length: steps }, (_, i) => Math.round(i * ratio) + config.steps_offset).reverse();
  }
  const ratio = T / steps;
  const values: number[] = [];
  for (let t = T; t > 0; t -= ratio) values.push(Math.round(t) - 1);
  return values.slice(0, steps);
}
