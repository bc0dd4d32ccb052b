import { noiseToAlpha, predictOriginal, type Scheduler } from './scheduler.js';
import { alphasCumprod, type SchedulerConfig, spacedTimesteps } from './scheduler-config.js';

/**
 * DDIM (Song et al. 2021, eq. 12), as diffusers' `DDIMScheduler`, with η (`eta`, default 0 =
 * deterministic):
 * - x̂₀ and ε̂ from the model output (epsilon, v or sample prediction), x̂₀ clipped to ±range when
 *   `clip_sample` (default true, SD configs set false);
 * - σ_t = η·√((1−ᾱ_prev)/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_prev);
 * - x' = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev−σ_t²)·ε̂ + σ_t·z.
 * The previous timestep is t − T/N; past 0, ᾱ_prev is 1 (`set_alpha_to_one`, default true) or ᾱ₀.
 * Default spacing `leading`; integer timesteps.
 */
export function ddimScheduler(config: SchedulerConfig, steps: number, eta = 0): Scheduler {
  const acp = alphasCumprod(config);
  const timesteps = spacedTimesteps(config, steps, config.timestep_spacing ?? 'leading', true);
  const finalAlpha = (config.set_alpha_to_one ?? true) ? 1 : acp[0]!;
  const stride = Math.floor(config.num_train_timesteps / steps);
  const clip = config.clip_sample ?? true;
  const range = config.clip_sample_range;

  return {
    name: 'ddim',
    timesteps,
    initNoiseSigma: 1,
    scaleModelInput: (sample) => sample,
    step(modelOutput, index, sample, noise) {
      const t = timesteps[index]!;
      const previous = t - stride;
      const alpha = acp[t]!;
      const alphaPrev = previous >= 0 ? acp[previous]! : finalAlpha;
      const sa = Math.sqrt(alpha);
      const sb = Math.sqrt(1 - alpha);
      const variance = ((1 - alphaPrev) / (1 - alpha)) * (1 - alpha / alphaPrev);
      const std = eta * Math.sqrt(Math.max(variance, 0));
      const direction = Math.sqrt(Math.max(1 - alphaPrev - std ** 2, 0));
      const z = std > 0 ? noise(sample.length) : undefined;
      const out = new Float32Array(sample.length);
      for (let i = 0; i < sample.length; i++) {
        const x = sample[i]!;
        const m = modelOutput[i]!;
        let x0 = predictOriginal(config.prediction_type, m, x, sa, sb);
        const eps =
          config.prediction_type === 'epsilon'
            ? m
            : config.prediction_type === 'v_prediction'
              ? sa * m + sb * x
              : (x - sa * x0) / sb;
        if (clip) x0 = Math.min(range, Math.max(-range, x0));
        let value = Math.sqrt(alphaPrev) * x0 + direction * eps;
        if (z) value += std * z[i]!;
        out[i] = value;
      }
      return out;
    },
    addNoise: (original, noise, index) => noiseToAlpha(original, noise, acp[timesteps[index]!]!),
  };
}
