import { noiseToAlpha, predictOriginal, type Scheduler } from './scheduler.js';
import { alphasCumprod, type SchedulerConfig } from './scheduler-config.js';

/**
 * The LCM timesteps (diffusers ≥ 0.25 `LCMScheduler.set_timesteps`): the `original_inference_steps`
 * skipping-step schedule t_k = k·⌊T/orig⌋ − 1 (k = 1…orig·strength), descending, sampled at
 * ⌊linspace(0, len, N, endpoint=false)⌋. For T = 1000, orig = 50, N = 4: 999, 759, 499, 259.
 */
export function lcmTimesteps(config: SchedulerConfig, steps: number, strength = 1): number[] {
  const original = config.original_inference_steps;
  const k = Math.floor(config.num_train_timesteps / original);
  const count = Math.floor(original * strength);
  const origin = Array.from({ length: count }, (_, i) => (i + 1) * k - 1).reverse();
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(origin[Math.floor((i * origin.length) / steps)]!);
  return out;
}

/**
 * Latent Consistency Model multistep sampling (Luo et al. 2023, algorithm 3), as diffusers'
 * `LCMScheduler`:
 * - boundary scalings with σ_data = 0.5 and t' = t·`timestep_scaling`:
 *   c_skip = σ_data²/(t'² + σ_data²), c_out = t'/√(t'² + σ_data²);
 * - denoised = c_out·x̂₀ + c_skip·x;
 * - x' = √ᾱ_prev·denoised + √(1−ᾱ_prev)·z before the last step, and denoised at the last step.
 * `strength` < 1 (img2img) shortens the original schedule, as diffusers does.
 */
export function lcmScheduler(config: SchedulerConfig, steps: number, strength = 1): Scheduler {
  const acp = alphasCumprod(config);
  const timesteps = lcmTimesteps(config, steps, strength);
  const finalAlpha = (config.set_alpha_to_one ?? true) ? 1 : acp[0]!;
  const sigmaData = 0.5;

  return {
    name: 'lcm',
    timesteps,
    initNoiseSigma: 1,
    scaleModelInput: (sample) => sample,
    step(modelOutput, index, sample, noise) {
      const t = timesteps[index]!;
      const last = index === timesteps.length - 1;
      const previous = last ? -1 : timesteps[index + 1]!;
      const alpha = acp[t]!;
      const alphaPrev = previous >= 0 ? acp[previous]! : finalAlpha;
      const scaled = t * config.timestep_scaling;
      const cSkip = sigmaData ** 2 / (scaled ** 2 + sigmaData ** 2);
      const cOut = scaled / Math.sqrt(scaled ** 2 + sigmaData ** 2);
      const sa = Math.sqrt(alpha);
      const sb = Math.sqrt(1 - alpha);
      const z = last ? undefined : noise(sample.length);
      const out = new Float32Array(sample.length);
      for (let i = 0; i < sample.length; i++) {
        const x = sample[i]!;
        let x0 = predictOriginal(config.prediction_type, modelOutput[i]!, x, sa, sb);
        if (config.clip_sample)
          x0 = Math.min(config.clip_sample_range, Math.max(-config.clip_sample_range, x0));
        const denoised = cOut * x0 + cSkip * x;
        out[i] = z ? Math.sqrt(alphaPrev) * denoised + Math.sqrt(1 - alphaPrev) * z[i]! : denoised;
      }
      return out;
    },
    addNoise: (original, noise, index) => noiseToAlpha(original, noise, acp[timesteps[index]!]!),
  };
}

/**
 * The guidance embedding of LCM UNets with `time_cond_proj_dim` (diffusers'
 * `get_guidance_scale_embedding`): w' = 1000·(guidance − 1); sinusoidal features
 * [sin(w'·f_k), cos(w'·f_k)] with f_k = exp(−k·ln(10000)/(d/2 − 1)), zero-padded to odd d.
 */
export function guidanceEmbedding(guidance: number, dim: number): Float32Array {
  const w = (guidance - 1) * 1000;
  const half = Math.floor(dim / 2);
  const step = Math.log(10000) / (half - 1);
  const out = new Float32Array(dim);
  for (let k = 0; k < half; k++) {
    const angle = w * Math.exp(-k * step);
    out[k] = Math.sin(angle);
    out[half + k] = Math.cos(angle);
  }
  return out;
}
