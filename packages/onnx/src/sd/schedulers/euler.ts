import type { Scheduler, SchedulerName } from './scheduler.js';
import { alphasCumprod, type SchedulerConfig, spacedTimesteps } from './scheduler-config.js';

/** σ(t) = √((1−ᾱ_t)/ᾱ_t), linearly interpolated between integer timesteps (diffusers' `np.interp`). */
function sigmaAt(sigmas: Float64Array, t: number): number {
  const low = Math.floor(t);
  const high = Math.min(low + 1, sigmas.length - 1);
  const w = t - low;
  return (1 - w) * sigmas[low]! + w * sigmas[high]!;
}

/**
 * Euler (Karras et al. 2022, algorithm 2 with s_churn = 0) and Euler ancestral (k-diffusion's
 * `sample_euler_ancestral`), on σ-parametrised latents, as diffusers' `EulerDiscreteScheduler` and
 * `EulerAncestralDiscreteScheduler`:
 * - x̂₀ = x − σ·ε (epsilon), = ε·(−σ/√(σ²+1)) + x/(σ²+1) (v), = output (sample);
 * - Euler: x' = x + (x − x̂₀)/σ · (σ_next − σ);
 * - ancestral: σ_up = √(σ_next²(σ²−σ_next²)/σ²), σ_down = √(σ_next² − σ_up²),
 *   x' = x + (x − x̂₀)/σ · (σ_down − σ) + σ_up·z.
 * Default spacing `linspace`; the UNet gets the (fractional) timestep.
 */
export function eulerScheduler(config: SchedulerConfig, steps: number, ancestral: boolean): Scheduler {
  const acp = alphasCumprod(config);
  const trainSigmas = acp.map((a) => Math.sqrt((1 - a) / a));
  const spacing = config.timestep_spacing ?? 'linspace';
  const timesteps = spacedTimesteps(config, steps, spacing, false);
  const sigmas = [...timesteps.map((t) => sigmaAt(trainSigmas, t)), 0];
  const maxSigma = Math.max(...sigmas);
  const initNoiseSigma =
    spacing === 'linspace' || spacing === 'trailing' ? maxSigma : Math.sqrt(maxSigma ** 2 + 1);
  const prediction = config.prediction_type;
  const name: SchedulerName = ancestral ? 'euler-ancestral' : 'euler';

  return {
    name,
    timesteps,
    initNoiseSigma,
    scaleModelInput(sample, index) {
      const scale = 1 / Math.sqrt(sigmas[index]! ** 2 + 1);
      const out = new Float32Array(sample.length);
      for (let i = 0; i < sample.length; i++) out[i] = sample[i]! * scale;
      return out;
    },
    step(modelOutput, index, sample, noise) {
      const sigma = sigmas[index]!;
      const next = sigmas[index + 1]!;
      let target = next;
      let up = 0;
      if (ancestral) {
        up = sigma === 0 ? 0 : Math.sqrt((next ** 2 * (sigma ** 2 - next ** 2)) / sigma ** 2);
        target = Math.sqrt(next ** 2 - up ** 2);
      }
      const dt = target - sigma;
      const vScale = -sigma / Math.sqrt(sigma ** 2 + 1);
      const vSample = 1 / (sigma ** 2 + 1);
      const z = up > 0 ? noise(sample.length) : undefined;
      const out = new Float32Array(sample.length);
      for (let i = 0; i < sample.length; i++) {
        const x = sample[i]!;
        const e = modelOutput[i]!;
        const x0 =
          prediction === 'epsilon'
            ? x - sigma * e
            : prediction === 'v_prediction'
              ? e * vScale + x * vSample
              : e;
        let value = x + ((x - x0) / sigma) * dt;
        if (z) value += z[i]! * up;
        out[i] = value;
      }
      return out;
    },
    addNoise(original, noise, index) {
      const sigma = sigmas[index]!;
      const out = new Float32Array(original.length);
      for (let i = 0; i < original.length; i++) out[i] = original[i]! + noise[i]! * sigma;
      return out;
    },
  };
}
