import { describe, expect, it } from 'vitest';
import {
  alphasCumprod,
  betas,
  ddimScheduler,
  eulerScheduler,
  guidanceEmbedding,
  lcmScheduler,
  lcmTimesteps,
  makeScheduler,
  schedulerConfigSchema,
  spacedTimesteps,
} from '../src/sd/schedulers/index.js';

// Stable Diffusion 1.x/2.x training schedule: scaled_linear β from 0.00085 to 0.012 over 1000 steps.
const sd = schedulerConfigSchema.parse({ steps_offset: 1 });
const zeros = (n: number) => new Float32Array(n);

describe('noise schedules', () => {
  it('scaled_linear: β_t = (√β₀ + t/(T−1)·(√β₁ − √β₀))²', () => {
    const b = betas(sd);
    expect(b[0]).toBeCloseTo(0.00085, 12);
    expect(b[999]).toBeCloseTo(0.012, 12);
    const root = Math.sqrt(0.00085) + (500 / 999) * (Math.sqrt(0.012) - Math.sqrt(0.00085));
    expect(b[500]).toBeCloseTo(root * root, 12);
  });

  it("gives SD's published σ range (k-diffusion: σ_min 0.0292, σ_max 14.6146)", () => {
    const acp = alphasCumprod(sd);
    const sigma = (t: number) => Math.sqrt((1 - acp[t]!) / acp[t]!);
    expect(sigma(0)).toBeCloseTo(0.0292, 4);
    expect(sigma(999)).toBeCloseTo(14.6146, 3);
  });

  it('linear and squaredcos_cap_v2 follow their definitions', () => {
    const linear = betas(
      schedulerConfigSchema.parse({ beta_schedule: 'linear', beta_start: 0.0001, beta_end: 0.02 }),
    );
    expect(linear[0]).toBeCloseTo(0.0001, 12);
    expect(linear[999]).toBeCloseTo(0.02, 12);
    expect(linear[1]! - linear[0]!).toBeCloseTo((0.02 - 0.0001) / 999, 12);
    const cosine = betas(schedulerConfigSchema.parse({ beta_schedule: 'squaredcos_cap_v2' }));
    const bar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(cosine[0]).toBeCloseTo(1 - bar(1 / 1000) / bar(0), 12);
    expect(cosine[999]).toBe(0.999); // capped
  });

  it('zero-terminal-SNR rescaling makes ᾱ_T exactly 0 and keeps ᾱ_0', () => {
    const plain = alphasCumprod(sd);
    const rescaled = alphasCumprod(schedulerConfigSchema.parse({ rescale_betas_zero_snr: true }));
    expect(rescaled[999]).toBeCloseTo(0, 12);
    expect(rescaled[0]).toBeCloseTo(plain[0]!, 10);
  });
});

describe('timestep spacing', () => {
  it('leading: multiples of ⌊T/N⌋ plus steps_offset, descending', () => {
    expect(spacedTimesteps(sd, 4, 'leading', true)).toEqual([751, 501, 251, 1]);
    const fifty = spacedTimesteps(sd, 50, 'leading', true);
    expect(fifty.slice(0, 3)).toEqual([981, 961, 941]);
    expect(fifty.at(-1)).toBe(1);
  });

  it('trailing: always starts at T−1 (SD-Turbo one step is t = 999)', () => {
    expect(spacedTimesteps(sd, 1, 'trailing', true)).toEqual([999]);
    expect(spacedTimesteps(sd, 4, 'trailing', true)).toEqual([999, 749, 499, 249]);
    expect(spacedTimesteps(sd, 3, 'trailing', true)).toEqual([999, 666, 332]);
  });

  it('linspace: evenly from T−1 to 0, fractional for Euler', () => {
    const values = spacedTimesteps(sd, 25, 'linspace', false);
    expect(values[0]).toBe(999);
    expect(values[1]).toBeCloseTo(999 - 999 / 24, 10);
    expect(values.at(-1)).toBe(0);
  });

  it('LCM: the skipping-step schedule of the original 50 steps (999, 759, 499, 259 for 4 steps)', () => {
    const lcm = schedulerConfigSchema.parse({});
    expect(lcmTimesteps(lcm, 4)).toEqual([999, 759, 499, 259]);
    expect(lcmTimesteps(lcm, 1)).toEqual([999]);
    expect(lcmTimesteps(lcm, 2)).toEqual([999, 499]);
    expect(lcmTimesteps(lcm, 4, 0.5)).toEqual([499, 379, 259, 139]);
  });
});

describe('Euler', () => {
  const euler = eulerScheduler(sd, 4, false);
  const acp = alphasCumprod(sd);
  const sigmaOf = (t: number) => Math.sqrt((1 - acp[t]!) / acp[t]!);

  it('σ follows the timesteps; linspace starts from σ_max, leading from √(σ_max²+1)', () => {
    expect(euler.timesteps).toEqual([999, 666, 333, 0]);
    expect(euler.initNoiseSigma).toBeCloseTo(sigmaOf(999), 6);
    const leading = eulerScheduler(
      schedulerConfigSchema.parse({ steps_offset: 1, timestep_spacing: 'leading' }),
      4,
      false,
    );
    expect(leading.initNoiseSigma).toBeCloseTo(Math.sqrt(sigmaOf(751) ** 2 + 1), 6);
  });

  it('interpolates σ between integer timesteps', () => {
    const scheduler = eulerScheduler(sd, 25, false);
    const t = scheduler.timesteps[1]!; // 957.375
    const low = Math.floor(t);
    const expected = sigmaOf(low) + (t - low) * (sigmaOf(low + 1) - sigmaOf(low));
    const scaled = scheduler.scaleModelInput(Float32Array.of(1), 1)[0]!;
    expect(1 / scaled ** 2 - 1).toBeCloseTo(expected ** 2, 3);
  });

  it('an epsilon step moves x by ε·(σ_next − σ) and scales the input by 1/√(σ²+1)', () => {
    const x = Float32Array.of(2, -1, 0.5);
    const eps = Float32Array.of(0.3, 0.1, -0.2);
    const s0 = sigmaOf(999);
    const s1 = sigmaOf(666);
    const out = euler.step(eps, 0, x, zeros);
    for (let i = 0; i < 3; i++) expect(out[i]).toBeCloseTo(x[i]! + eps[i]! * (s1 - s0), 5);
    expect(euler.scaleModelInput(x, 0)[0]).toBeCloseTo(2 / Math.sqrt(s0 ** 2 + 1), 6);
    // The last step goes to σ = 0: the result is x̂₀ = x − σ·ε.
    const last = euler.step(eps, 3, x, zeros);
    expect(last[0]).toBeCloseTo(2 - sigmaOf(0) * 0.3, 6);
  });

  it('v-prediction: x̂₀ = x/(σ²+1) − σ·v/√(σ²+1)', () => {
    const v = eulerScheduler(schedulerConfigSchema.parse({ prediction_type: 'v_prediction' }), 4, false);
    const s = sigmaOf(0);
    const out = v.step(Float32Array.of(0.5), 3, Float32Array.of(1.5), zeros);
    expect(out[0]).toBeCloseTo(1.5 / (s ** 2 + 1) - (s * 0.5) / Math.sqrt(s ** 2 + 1), 6);
  });

  it('img2img noise: x + σ_t·z', () => {
    const out = euler.addNoise(Float32Array.of(1), Float32Array.of(2), 1);
    expect(out[0]).toBeCloseTo(1 + 2 * sigmaOf(666), 5);
  });
});

describe('Euler ancestral', () => {
  it('splits the step into σ_down (deterministic) and σ_up (fresh noise)', () => {
    const scheduler = eulerScheduler(sd, 4, true);
    const acp = alphasCumprod(sd);
    const s = Math.sqrt((1 - acp[999]!) / acp[999]!);
    const n = Math.sqrt((1 - acp[666]!) / acp[666]!);
    const up = Math.sqrt((n ** 2 * (s ** 2 - n ** 2)) / s ** 2);
    const down = Math.sqrt(n ** 2 - up ** 2);
    const x = Float32Array.of(3);
    const eps = Float32Array.of(0.4);
    const noise = () => Float32Array.of(-1.25);
    const out = scheduler.step(eps, 0, x, noise);
    expect(out[0]).toBeCloseTo(3 + 0.4 * (down - s) - 1.25 * up, 4);
    expect(down ** 2 + up ** 2).toBeCloseTo(n ** 2, 8);
  });

  it('draws no noise on the last step (σ_next = 0)', () => {
    const scheduler = eulerScheduler(sd, 2, true);
    let drawn = 0;
    scheduler.step(Float32Array.of(0), 1, Float32Array.of(1), (count) => {
      drawn += count;
      return zeros(count);
    });
    expect(drawn).toBe(0);
  });
});

describe('DDIM', () => {
  const acp = alphasCumprod(sd);

  it('η = 0: x′ = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε with x̂₀ = (x − √(1−ᾱ)·ε)/√ᾱ', () => {
    const ddim = ddimScheduler(schedulerConfigSchema.parse({ steps_offset: 1, clip_sample: false }), 4);
    expect(ddim.timesteps).toEqual([751, 501, 251, 1]);
    const x = 0.7;
    const eps = -0.4;
    const a = acp[751]!;
    const p = acp[501]!;
    const x0 = (x - Math.sqrt(1 - a) * eps) / Math.sqrt(a);
    const out = ddim.step(Float32Array.of(eps), 0, Float32Array.of(x), zeros);
    expect(out[0]).toBeCloseTo(Math.sqrt(p) * x0 + Math.sqrt(1 - p) * eps, 5);
  });

  it('the last step uses ᾱ_prev = 1 (set_alpha_to_one) or ᾱ₀', () => {
    const one = ddimScheduler(schedulerConfigSchema.parse({ steps_offset: 1, clip_sample: false }), 4);
    const a = acp[1]!;
    expect(one.step(Float32Array.of(0.5), 3, Float32Array.of(1), zeros)[0]).toBeCloseTo(
      (1 - Math.sqrt(1 - a) * 0.5) / Math.sqrt(a),
      5,
    );
    const first = ddimScheduler(
      schedulerConfigSchema.parse({ steps_offset: 1, clip_sample: false, set_alpha_to_one: false }),
      4,
    );
    const x0 = (1 - Math.sqrt(1 - a) * 0.5) / Math.sqrt(a);
    const p = acp[0]!;
    expect(first.step(Float32Array.of(0.5), 3, Float32Array.of(1), zeros)[0]).toBeCloseTo(
      Math.sqrt(p) * x0 + Math.sqrt(1 - p) * 0.5,
      5,
    );
  });

  it('clips x̂₀ when clip_sample (the DDIM default) and honours η', () => {
    const clipped = ddimScheduler(schedulerConfigSchema.parse({ steps_offset: 1 }), 4);
    // A huge ε makes x̂₀ far below −1; with clipping the result uses x̂₀ = −1.
    const out = clipped.step(Float32Array.of(50), 3, Float32Array.of(0), zeros);
    expect(out[0]).toBeCloseTo(-1, 6);
    const stochastic = ddimScheduler(
      schedulerConfigSchema.parse({ steps_offset: 1, clip_sample: false }),
      4,
      1,
    );
    const a = acp[751]!;
    const p = acp[501]!;
    const variance = ((1 - p) / (1 - a)) * (1 - a / p);
    const base = stochastic.step(Float32Array.of(0.1), 0, Float32Array.of(0.2), zeros)[0]!;
    const noisy = stochastic.step(Float32Array.of(0.1), 0, Float32Array.of(0.2), () =>
      Float32Array.of(1),
    )[0]!;
    expect(noisy - base).toBeCloseTo(Math.sqrt(variance), 5);
  });

  it('v-prediction: x̂₀ = √ᾱ·x − √(1−ᾱ)·v, ε̂ = √ᾱ·v + √(1−ᾱ)·x', () => {
    const ddim = ddimScheduler(
      schedulerConfigSchema.parse({ prediction_type: 'v_prediction', clip_sample: false, steps_offset: 1 }),
      4,
    );
    const a = acp[751]!;
    const p = acp[501]!;
    const x = 0.3;
    const v = 0.9;
    const x0 = Math.sqrt(a) * x - Math.sqrt(1 - a) * v;
    const eps = Math.sqrt(a) * v + Math.sqrt(1 - a) * x;
    expect(ddim.step(Float32Array.of(v), 0, Float32Array.of(x), zeros)[0]).toBeCloseTo(
      Math.sqrt(p) * x0 + Math.sqrt(1 - p) * eps,
      5,
    );
  });

  it('with the same timesteps, deterministic Euler and DDIM solve the same ODE (x_euler = x_ddim·√(σ²+1))', () => {
    const config = schedulerConfigSchema.parse({
      steps_offset: 1,
      timestep_spacing: 'leading',
      clip_sample: false,
    });
    const euler = makeScheduler('euler', config, 5);
    const ddim = makeScheduler('ddim', config, 5);
    expect(euler.timesteps).toEqual(ddim.timesteps);
    const model = (input: Float32Array) => input.map((v) => 0.6 * v + 0.05);
    let e: Float32Array = Float32Array.of(0.8, -1.1).map((v) => v * euler.initNoiseSigma);
    let d: Float32Array = Float32Array.of(0.8, -1.1);
    for (let i = 0; i < 5; i++) {
      e = euler.step(model(euler.scaleModelInput(e, i)), i, e, zeros);
      d = ddim.step(model(ddim.scaleModelInput(d, i)), i, d, zeros);
    }
    expect(e[0]).toBeCloseTo(d[0]!, 4);
    expect(e[1]).toBeCloseTo(d[1]!, 4);
  });
});

describe('LCM', () => {
  const config = schedulerConfigSchema.parse({ _class_name: 'LCMScheduler', set_alpha_to_one: true });
  const acp = alphasCumprod(config);

  it('boundary scalings c_skip = σ_d²/(t′²+σ_d²), c_out = t′/√(t′²+σ_d²) with t′ = 10·t, then re-noising', () => {
    const lcm = lcmScheduler(config, 4);
    const t = 999;
    const scaled = t * 10;
    const cSkip = 0.25 / (scaled ** 2 + 0.25);
    const cOut = scaled / Math.sqrt(scaled ** 2 + 0.25);
    const a = acp[t]!;
    const x = 1.2;
    const eps = 0.8;
    const denoised = cOut * ((x - Math.sqrt(1 - a) * eps) / Math.sqrt(a)) + cSkip * x;
    const p = acp[759]!;
    const out = lcm.step(Float32Array.of(eps), 0, Float32Array.of(x), () => Float32Array.of(0.5))[0]!;
    expect(out).toBeCloseTo(Math.sqrt(p) * denoised + Math.sqrt(1 - p) * 0.5, 4);
  });

  it('returns the denoised sample at the last step without drawing noise', () => {
    const lcm = lcmScheduler(config, 4);
    const a = acp[259]!;
    const scaled = 2590;
    const denoised =
      (scaled / Math.sqrt(scaled ** 2 + 0.25)) * ((1 - Math.sqrt(1 - a) * 0.1) / Math.sqrt(a)) +
      (0.25 / (scaled ** 2 + 0.25)) * 1;
    const out = lcm.step(Float32Array.of(0.1), 3, Float32Array.of(1), () => {
      throw new Error('no noise expected');
    });
    expect(out[0]).toBeCloseTo(denoised, 5);
  });

  it('guidance embedding: sinusoidal features of 1000·(w − 1)', () => {
    const emb = guidanceEmbedding(8.5, 256);
    expect(emb).toHaveLength(256);
    expect(emb[0]).toBeCloseTo(Math.sin(7500), 5);
    expect(emb[128]).toBeCloseTo(Math.cos(7500), 5);
    const f = Math.exp((-5 * Math.log(10000)) / 127);
    expect(emb[5]).toBeCloseTo(Math.sin(7500 * f), 4);
    expect(guidanceEmbedding(1, 8)[0]).toBe(0);
  });
});
