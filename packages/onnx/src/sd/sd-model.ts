import {
  type CallOptions,
  type Capabilities,
  type EditRequest,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  readImageInfo,
  type Warning,
  zodToInvalidRequest,
} from '@pictor/core';
import { describeSessions } from '../model-runtime.js';
import { onnxProviderOptionsSchema, type ParsedModelOptions } from '../onnx-options.js';
import type { SessionPool } from '../runtime/session-pool.js';
import { ClipTokenizer } from './clip-tokenizer.js';
import { imageToTensor, maskToTensor } from './image-tensors.js';
import type { SdFolder } from './model-folder.js';
import { runStableDiffusion, type SdJob } from './pipeline.js';
import { defaultSchedulerFor } from './schedulers/index.js';
import { TextConditioning } from './text-conditioning.js';

/** Scheduler classes of `scheduler_config.json` the adapter runs as named. */
const IMPLEMENTED_SCHEDULERS = new Set([
  'EulerDiscreteScheduler',
  'EulerAncestralDiscreteScheduler',
  'DDIMScheduler',
  'LCMScheduler',
]);

/** The defaults a folder implies: distilled models (SD-Turbo, LCM) run few steps without guidance. */
export function folderDefaults(folder: SdFolder, options: ParsedModelOptions) {
  const lcm = folder.distilled === 'lcm';
  const turbo = folder.distilled === 'turbo';
  return {
    steps: options.steps ?? (lcm ? 4 : turbo ? 1 : 25),
    guidance: options.guidance ?? (lcm ? (folder.timeCondProjDim ? 8.5 : 1) : turbo ? 0 : 7.5),
    scheduler: options.scheduler ?? defaultSchedulerFor(folder.scheduler),
    size: folder.sampleSize * 8,
  };
}

/** The capabilities of a Stable-Diffusion-family folder. */
export function sdCapabilities(folder: SdFolder, options: ParsedModelOptions): Capabilities {
  const defaults = folderDefaults(folder, options);
  // A 9-channel UNet does img2img too: everything masked, the input noised to the strength's step.
  const editModes: Capabilities['editModes'] = !folder.graphs.vaeEncoder
    ? []
    : folder.inChannels === 9
      ? ['img2img', 'inpaint']
      : ['img2img'];
  return {
    generate: folder.inChannels !== 9 || folder.graphs.vaeEncoder !== undefined,
    editModes,
    maxImagesPerCall: options.maxBatch ?? 4,
    width: { min: 64, max: 2048 },
    height: { min: 64, max: 2048 },
    sizeMultiple: 8,
    defaultSize: { width: defaults.size, height: defaults.size },
    steps: {
      min: 1,
      max: defaults.scheduler === 'lcm' ? folder.scheduler.original_inference_steps : 150,
      default: defaults.steps,
    },
    guidance: { min: 0, max: 30, default: defaults.guidance },
    seed: true,
    negativePrompt: true,
    maxPromptLength: 4000,
    progress: 'step',
    outputTypes: ['image/png'],
    // Edit inputs are decoded by @pictor/image.
    inputTypes: ['image/png', 'image/jpeg', 'image/webp'],
  };
}

function bytesOf(input: unknown, field: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new InvalidRequestError(
    field,
    'must be image bytes (Uint8Array); the client normalises other inputs',
  );
}

/** A Stable-Diffusion-family folder as an `ImageProvider`. */
export function sdProvider(
  folder: SdFolder,
  modelId: string,
  options: ParsedModelOptions,
  pool: SessionPool,
): ImageProvider {
  const capabilities = sdCapabilities(folder, options);
  const defaults = folderDefaults(folder, options);
  let text: Promise<TextConditioning> | undefined;

  async function sessions() {
    const ort = await pool.runtime();
    const [textEncoder, unet, vaeDecoder, vaeEncoder] = await Promise.all([
      pool.get(folder.graphs.textEncoder),
      pool.get(folder.graphs.unet),
      pool.get(folder.graphs.vaeDecoder),
      folder.graphs.vaeEncoder ? pool.get(folder.graphs.vaeEncoder) : undefined,
    ]);
    text ??= Promise.resolve(
      new TextConditioning(ort, textEncoder.session, ClipTokenizer.fromFolder(folder.tokenizer)),
    );
    const named = {
      unet,
      text_encoder: textEncoder,
      vae_decoder: vaeDecoder,
      ...(vaeEncoder ? { vae_encoder: vaeEncoder } : {}),
    };
    return { ort, named, text: await text, unet, vaeDecoder, vaeEncoder };
  }

  async function run(
    request: GenerateRequest,
    job: Omit<
      SdJob,
      'prompt' | 'count' | 'seed' | 'steps' | 'guidance' | 'scheduler' | 'eta' | 'width' | 'height'
    > & { width?: number; height?: number },
    callOptions: CallOptions,
  ): Promise<ImageResult> {
    const started = performance.now();
    const parsed = onnxProviderOptionsSchema.safeParse(request.providerOptions?.onnx ?? {});
    if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'providerOptions.onnx');
    const warnings: Warning[] = [];
    const named = folder.scheduler._class_name;
    if (!parsed.data.scheduler && !options.scheduler && named && !IMPLEMENTED_SCHEDULERS.has(named)) {
      warnings.push({
        type: 'other',
        source: 'onnx',
        message: `the folder's scheduler_config names ${named}, which this adapter does not implement: ran ${defaults.scheduler} with its beta schedule (choose one with providerOptions.onnx.scheduler)`,
      });
    }
    const guidance = request.guidance ?? defaults.guidance;
    if (request.negativePrompt !== undefined && guidance <= 1) {
      warnings.push({
        type: 'other',
        source: 'onnx',
        message: 'negativePrompt has no effect without guidance (guidance ≤ 1)',
      });
    }
    const loadStart = performance.now();
    const loaded = await sessions();
    const loadMs = performance.now() - loadStart;
    const metadata = describeSessions(loaded.named, 'unet', warnings);
    const full: SdJob = {
      ...job,
      prompt: request.prompt,
      ...(request.negativePrompt !== undefined ? { negativePrompt: request.negativePrompt } : {}),
      width: job.width ?? request.width ?? defaults.size,
      height: job.height ?? request.height ?? defaults.size,
      count: request.n ?? 1,
      seed: (request.seed ?? 0) >>> 0,
      steps: request.steps ?? defaults.steps,
      guidance,
      scheduler: parsed.data.scheduler ?? defaults.scheduler,
      eta: parsed.data.eta ?? options.eta ?? 0,
    };
    const sdSessions = {
      unet: loaded.unet.session,
      vaeDecoder: loaded.vaeDecoder.session,
      ...(loaded.vaeEncoder ? { vaeEncoder: loaded.vaeEncoder.session } : {}),
    };
    const out = await runStableDiffusion(
      loaded.ort,
      folder,
      sdSessions,
      loaded.text,
      full,
      callOptions,
      warnings,
    );
    return {
      images: out.images.map((bytes, i) => ({
        bytes,
        mediaType: 'image/png' as const,
        width: full.width,
        height: full.height,
        seed: (full.seed + i) >>> 0,
        annotations: {},
      })),
      warnings,
      provider: 'onnx',
      modelId,
      timings: { totalMs: performance.now() - started, loadMs, ...out.timings },
      usage: { steps: out.steps, unetBatch: full.count * (out.guided ? 2 : 1) },
      providerMetadata: {
        onnx: {
          ...metadata,
          scheduler: full.scheduler,
          steps: out.steps,
          guidance: out.guided ? guidance : 0,
          guided: out.guided,
        },
      },
    };
  }

  const provider: ImageProvider = {
    specificationVersion: 'v1',
    provider: 'onnx',
    modelId,
    capabilities,
    generate: (request, callOptions) => run(request, {}, callOptions ?? {}),
    async edit(request: EditRequest, callOptions: CallOptions = {}) {
      if (!capabilities.editModes.includes(request.mode)) {
        throw new InvalidRequestError(
          'mode',
          `this model does ${capabilities.editModes.join(', ') || 'no edits'}, not ${request.mode}`,
        );
      }
      const image = bytesOf(request.image, 'image');
      const info = (() => {
        try {
          return readImageInfo(image);
        } catch (error) {
          throw new InvalidRequestError('image', `is not a readable image: ${(error as Error).message}`, {
            cause: error,
          });
        }
      })();
      const fit = (value: number) => Math.min(2048, Math.max(64, Math.floor(value / 8) * 8));
      const width = request.width ?? fit(info.width);
      const height = request.height ?? fit(info.height);
      const tensor = await imageToTensor(image, width, height);
      let mask: Float32Array | undefined;
      if (request.mode === 'inpaint') {
        if (request.mask === undefined) throw new InvalidRequestError('mask', 'is required for inpaint');
        const maskBytes = bytesOf(request.mask, 'mask');
        const maskInfo = readImageInfo(maskBytes);
        if (maskInfo.width !== info.width || maskInfo.height !== info.height) {
          throw new InvalidRequestError(
            'mask',
            `is ${maskInfo.width}×${maskInfo.height}; it must have the image's size ${info.width}×${info.height}`,
          );
        }
        mask = await maskToTensor(maskBytes, width, height);
      }
      const strength = request.strength ?? (request.mode === 'inpaint' ? 1 : 0.8);
      return run(request, { width, height, image: tensor, strength, ...(mask ? { mask } : {}) }, callOptions);
    },
    dispose: () => {
      text = undefined;
      return pool.dispose();
    },
  };
  return provider;
}
