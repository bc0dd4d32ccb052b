import {
  AbortError,
  type CallOptions,
  InvalidRequestError,
  InvalidResponseError,
  ModelLoadError,
  seededNormal,
  type Warning,
} from '@pictor/core';
import type * as Ort from 'onnxruntime-node';
import type { OrtModule } from '../runtime/load-ort.js';
import { floatTensor, inputShape, inputType, readFloats } from '../runtime/tensors.js';
import { downsampleMask, tensorToPng } from './image-tensors.js';
import type { SdFolder } from './model-folder.js';
import { guidanceEmbedding, makeScheduler, type SchedulerName } from './schedulers/index.js';
import type { TextConditioning } from './text-conditioning.js';

/** The sessions of one Stable Diffusion folder. */
export interface SdSessions {
  unet: Ort.InferenceSession;
  vaeDecoder: Ort.InferenceSession;
  vaeEncoder?: Ort.InferenceSession;
}

/** One call's work, already validated. */
export interface SdJob {
  prompt: string;
  negativePrompt?: string;
  width: number;
  height: number;
  /** Images in this batch; image i uses seed `seed + i`. */
  count: number;
  seed: number;
  steps: number;
  guidance: number;
  scheduler: SchedulerName;
  eta: number;
  /** img2img / inpaint: the input as planar RGB [3, height, width] in [-1, 1]. */
  image?: Float32Array;
  /** inpaint: [height × width], 1 = redraw. */
  mask?: Float32Array;
  /** img2img / inpaint: 0 keeps the input, 1 ignores it. */
  strength?: number;
}

/** What a run gives back. */
export interface SdOutput {
  images: Uint8Array[];
  /** Denoising steps actually run. */
  steps: number;
  /** Whether classifier-free guidance ran (two UNet batches per step). */
  guided: boolean;
  /** The final latents, [count, 4, height/8, width/8], before the VAE's scaling is undone. */
  latents: Float32Array;
  timings: Record<string, number>;
}

const LATENT_CHANNELS = 4;
const VAE_FACTOR = 8;

/** Seed of the fresh noise drawn at step `index` for the image with seed `seed` (stochastic schedulers). */
export function stepSeed(seed: number, index: number): number {
  return (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
}

function perImage(
  count: number,
  seed: number,
  length: number,
  seedOf: (imageSeed: number) => number,
): Float32Array {
  const out = new Float32Array(count * length);
  for (let i = 0; i < count; i++) out.set(seededNormal(seedOf((seed + i) >>> 0), length), i * length);
  return out;
}

function repeat(values: Float32Array, times: number): Float32Array {
  const out = new Float32Array(values.length * times);
  for (let i = 0; i < times; i++) out.set(values, i * values.length);
  return out;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('the call was aborted between denoising steps');
}

function requireInputs(session: Ort.InferenceSession, graph: string, names: readonly string[]): void {
  const missing = names.filter((n) => !session.inputNames.includes(n));
  if (missing.length) {
    throw new ModelLoadError(
      `${graph} has no input ${missing.join(', ')} (it has ${session.inputNames.join(', ')}); is it an optimum/diffusers export?`,
      {
        provider: 'onnx',
      },
    );
  }
}

async function encodeImage(
  ort: OrtModule,
  session: Ort.InferenceSession,
  image: Float32Array,
  width: number,
  height: number,
  scaling: number,
) {
  requireInputs(session, 'vae_encoder', ['sample']);
  const output = await session.run({
    sample: floatTensor(ort, inputType(session, 'sample'), image, [1, 3, height, width]),
  });
  const name = session.outputNames.includes('latent_sample') ? 'latent_sample' : session.outputNames[0]!;
  const values = readFloats(output[name] as Ort.Tensor, name);
  const length = LATENT_CHANNELS * (width / VAE_FACTOR) * (height / VAE_FACTOR);
  // `latent_parameters` exports give mean and log-variance (8 channels): the mean is used (diffusers' "argmax").
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = values[i]! * scaling;
  return out;
}

// The encoded all-zero image a 9-channel UNet gets without a mask, per encoder session and size.
const emptyLatents = new WeakMap<Ort.InferenceSession, Map<string, Promise<Float32Array>>>();

function emptyImageLatents(
  ort: OrtModule,
  session: Ort.InferenceSession,
  width: number,
  height: number,
  folder: SdFolder,
): Promise<Float32Array> {
  let sizes = emptyLatents.get(session);
  if (!sizes) {
    sizes = new Map();
    emptyLatents.set(session, sizes);
  }
  const key = `${width}x${height}`;
  let pending = sizes.get(key);
  if (!pending) {
    pending = encodeImage(
      ort,
      session,
      new Float32Array(3 * width * height),
      width,
      height,
      folder.scalingFactor,
    );
    pending.catch(() => sizes.delete(key));
    if (sizes.size >= 8) sizes.delete(sizes.keys().next().value!);
    sizes.set(key, pending);
  }
  return pending;
}

/**
 * The usual inpainting blend: pixels outside the mask (mask < 0.5) are the input's, so the VAE's
 * round trip does not shift what the user asked to keep. In place on the decoded planar RGB.
 */
function keepUnmasked(pixels: Float32Array, image: Float32Array, mask: Float32Array): void {
  const plane = mask.length;
  if (pixels.length !== 3 * plane) return;
  for (let p = 0; p < plane; p++) {
    if (mask[p]! >= 0.5) continue;
    for (let c = 0; c < 3; c++) pixels[c * plane + p] = image[c * plane + p]!;
  }
}

/**
 * Runs Stable Diffusion: text conditioning, the denoising loop (with classifier-free guidance when
 * `guidance` > 1 and the UNet has no guidance embedding), and VAE decoding. img2img starts from the
 * encoded input noised to the strength's step; inpaint feeds the 9-channel UNet the mask and the
 * masked image's latents. A progress event follows every step; an abort is honoured between steps
 * (the step that is running finishes first, so no session is left running).
 */
export async function runStableDiffusion(
  ort: OrtModule,
  folder: SdFolder,
  sessions: SdSessions,
  text: TextConditioning,
  job: SdJob,
  options: CallOptions,
  warnings: Warning[],
): Promise<SdOutput> {
  const { signal } = options;
  const timings: Record<string, number> = {};
  const { unet } = sessions;
  const inpaint = folder.inChannels === 9;
  requireInputs(unet, 'unet', ['sample', 'timestep', 'encoder_hidden_states']);
  const timeCond = unet.inputNames.includes('timestep_cond');
  const guided = job.guidance > 1 && !timeCond;
  const h = job.height / VAE_FACTOR;
  const w = job.width / VAE_FACTOR;
  const latentLength = LATENT_CHANNELS * h * w;
  const count = job.count;

  // Text.
  let clock = performance.now();
  checkAbort(signal);
  const cond = await text.encode(job.prompt, 'prompt', warnings);
  const embeddings = guided
    ? [await text.encode(job.negativePrompt ?? '', 'negativePrompt', warnings), cond]
    : [cond];
  const rows = embeddings.flatMap((e) => Array.from({ length: count }, () => e.values));
  const hidden = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  rows.forEach((r, i) => {
    hidden.set(r, i * r.length);
  });
  const batch = rows.length;
  const hiddenTensor = floatTensor(ort, inputType(unet, 'encoder_hidden_states'), hidden, [
    batch,
    cond.sequence,
    cond.hidden,
  ]);
  timings.textMs = performance.now() - clock;

  // Schedule and starting latents.
  clock = performance.now();
  const scheduler = makeScheduler(job.scheduler, folder.scheduler, job.steps, {
    strength: job.strength ?? 1,
    eta: job.eta,
  });
  const strength = job.strength ?? 1;
  let start = 0;
  if (job.image && job.scheduler !== 'lcm' && (!inpaint || strength < 1)) {
    start = job.steps - Math.min(Math.floor(job.steps * strength), job.steps);
    if (start >= job.steps) {
      throw new InvalidRequestError(
        'strength',
        `${strength} × ${job.steps} steps leaves no denoising step; raise strength or steps`,
      );
    }
  }
  const noise = perImage(count, job.seed, latentLength, (s) => s);
  let latents: Float32Array;
  let imageLatents: Float32Array | undefined;
  let maskLatents: Float32Array | undefined;
  let maskedImageLatents: Float32Array | undefined;
  if (job.image) {
    checkAbort(signal);
    if (!sessions.vaeEncoder)
      throw new ModelLoadError(`${folder.root} has no vae_encoder/model.onnx, needed for edits`, {
        provider: 'onnx',
      });
    imageLatents = await encodeImage(
      ort,
      sessions.vaeEncoder,
      job.image,
      job.width,
      job.height,
      folder.scalingFactor,
    );
    if (inpaint && job.mask) {
      const masked = new Float32Array(job.image.length);
      const plane = job.width * job.height;
      for (let c = 0; c < 3; c++)
        for (let p = 0; p < plane; p++)
          masked[c * plane + p] = job.mask[p]! < 0.5 ? job.image[c * plane + p]! : 0;
      checkAbort(signal);
      maskedImageLatents = await encodeImage(
        ort,
        sessions.vaeEncoder,
        masked,
        job.width,
        job.height,
        folder.scalingFactor,
      );
      maskLatents = downsampleMask(job.mask, job.width, job.height, VAE_FACTOR);
    }
  }
  if (inpaint && !maskLatents) {
    // Text-to-image on an inpainting UNet: everything is masked, the masked image is empty.
    if (!sessions.vaeEncoder)
      throw new ModelLoadError(`${folder.root} has no vae_encoder/model.onnx, needed by an inpainting UNet`, {
        provider: 'onnx',
      });
    maskLatents = new Float32Array(h * w).fill(1);
    maskedImageLatents = await emptyImageLatents(ort, sessions.vaeEncoder, job.width, job.height, folder);
  }
  if (imageLatents && (!inpaint || strength < 1))
    latents = scheduler.addNoise(repeat(imageLatents, count), noise, start);
  else latents = noise.map((v) => v * scheduler.initNoiseSigma);
  timings.encodeMs = performance.now() - clock;

  // Denoising loop.
  clock = performance.now();
  const sampleType = inputType(unet, 'sample');
  const timestepType = inputType(unet, 'timestep');
  const timestepDim = inputShape(unet, 'timestep')[0];
  const timestepLength = typeof timestepDim === 'number' && timestepDim > 0 ? timestepDim : 1;
  const integerTimestep = timestepType === 'int64' || timestepType === 'int32';
  const channels = inpaint ? 9 : LATENT_CHANNELS;
  const plane = h * w;
  const feeds: Record<string, Ort.Tensor> = { encoder_hidden_states: hiddenTensor };
  if (timeCond) {
    const dim = Number(inputShape(unet, 'timestep_cond')[1]) || folder.timeCondProjDim || 256;
    feeds.timestep_cond = floatTensor(
      ort,
      inputType(unet, 'timestep_cond'),
      repeat(guidanceEmbedding(job.guidance, dim), batch),
      [batch, dim],
    );
  }
  const total = job.steps - start;
  const modelInput = new Float32Array(batch * channels * plane);
  const guidedOutput = guided ? new Float32Array(count * latentLength) : undefined;
  for (let i = start; i < job.steps; i++) {
    checkAbort(signal);
    const scaled = scheduler.scaleModelInput(latents, i);
    for (let copy = 0; copy < batch / count; copy++) {
      for (let n = 0; n < count; n++) {
        const at = (copy * count + n) * channels * plane;
        modelInput.set(scaled.subarray(n * latentLength, (n + 1) * latentLength), at);
        if (inpaint) {
          modelInput.set(maskLatents!, at + latentLength);
          modelInput.set(maskedImageLatents!, at + latentLength + plane);
        }
      }
    }
    const t = scheduler.timesteps[i]!;
    feeds.sample = floatTensor(ort, sampleType, modelInput, [batch, channels, h, w]);
    feeds.timestep = floatTensor(
      ort,
      timestepType,
      new Float32Array(timestepLength).fill(integerTimestep ? Math.trunc(t) : t),
      [timestepLength],
    );
    const output = await unet.run(feeds);
    checkAbort(signal);
    const outName = unet.outputNames.includes('out_sample') ? 'out_sample' : unet.outputNames[0]!;
    let prediction = readFloats(output[outName] as Ort.Tensor, outName);
    if (guidedOutput) {
      const half = count * latentLength;
      for (let j = 0; j < half; j++)
        guidedOutput[j] = prediction[j]! + job.guidance * (prediction[half + j]! - prediction[j]!);
      prediction = guidedOutput;
    }
    latents = scheduler.step(prediction, i, latents, (length) =>
      perImage(count, job.seed, length / count, (s) => stepSeed(s, i)),
    );
    options.onProgress?.({ type: 'step', step: i - start + 1, total });
  }
  timings.denoiseMs = performance.now() - clock;

  // Decode, one image at a time (the VAE decoder is the most memory-hungry graph).
  checkAbort(signal);
  options.onProgress?.({ type: 'decoding' });
  clock = performance.now();
  const decoder = sessions.vaeDecoder;
  requireInputs(decoder, 'vae_decoder', ['latent_sample']);
  const decoderType = inputType(decoder, 'latent_sample');
  const images: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    checkAbort(signal);
    const one = latents.slice(n * latentLength, (n + 1) * latentLength).map((v) => v / folder.scalingFactor);
    const output = await decoder.run({
      latent_sample: floatTensor(ort, decoderType, one, [1, LATENT_CHANNELS, h, w]),
    });
    const name = decoder.outputNames.includes('sample') ? 'sample' : decoder.outputNames[0]!;
    const pixels = readFloats(output[name] as Ort.Tensor, name);
    if (job.mask && job.image && inpaint) keepUnmasked(pixels, job.image, job.mask);
    if (pixels.length !== 3 * job.width * job.height) {
      throw new InvalidResponseError(
        `vae_decoder returned ${pixels.length} values, expected 3×${job.height}×${job.width}`,
        { provider: 'onnx' },
      );
    }
    const png = await tensorToPng(pixels, 0, job.width, job.height);
    if (!png) {
      throw new InvalidResponseError(
        'vae_decoder produced NaN (an fp16 VAE overflowing? use an fp32 vae_decoder)',
        {
          provider: 'onnx',
        },
      );
    }
    images.push(png);
  }
  timings.decodeMs = performance.now() - clock;
  return { images, steps: total, guided, timings, latents };
}
