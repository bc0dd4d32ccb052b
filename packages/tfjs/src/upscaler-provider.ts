import {
  type CallOptions,
  type Capabilities,
  type EditRequest,
  encodePng,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  type ProgressEvent,
  readImageInfo,
  throwIfAborted,
  UnsupportedFeatureError,
  type Warning,
  zodToInvalidRequest,
} from '@pictor/core';
import type * as TF from '@tensorflow/tfjs';
import { loadLayersModelFromPath } from './file-io.js';
import { ModelCache } from './model-cache.js';
import { decodeInput } from './rgb-image.js';
import { runUpscaler } from './run-upscaler.js';
import type { TfjsRuntime } from './runtime.js';
import { tfjsUpscaleProviderOptionsSchema } from './tfjs-settings.js';

/** A super-resolution model: a tfjs layers model per factor (input and output NHWC RGB, 0–255). */
export interface UpscalerModel {
  /** The model id reported on results. */
  modelId: string;
  /** `model.json` path per factor (resolved lazily: the package may be missing until used). */
  paths: Partial<Record<number, () => string>>;
}

/** Largest output, in pixels (8192 × 8192): the RGB buffer alone is 192 MiB. */
export const MAX_OUTPUT_PIXELS = 8192 * 8192;

/** Resolved options of an upscaler. */
export interface UpscalerOptions {
  scale: number;
  tileSize: number;
  tileOverlap: number;
  maxInputPixels: number;
}

/** An upscaler's capabilities: `upscale` edits only, one image per call, per-tile progress. */
export function upscalerCapabilities(options: UpscalerOptions): Capabilities {
  return {
    generate: false,
    editModes: ['upscale'],
    maxImagesPerCall: 1,
    // The output follows the input (× scale); width and height requests are dropped with a warning.
    outputSize: { scale: options.scale },
    defaultSize: { width: 128 * options.scale, height: 128 * options.scale },
    seed: false,
    negativePrompt: false,
    progress: 'step',
    maxInputBytes: 64 * 1024 * 1024,
    outputTypes: ['image/png'],
  };
}

/** An `ImageProvider` whose `edit({ mode: 'upscale' })` enlarges an image with a tfjs super-resolution model, tile by tile. */
export function upscalerProvider(
  model: UpscalerModel,
  options: UpscalerOptions,
  runtime: TfjsRuntime,
): ImageProvider {
  const scales = Object.keys(model.paths).map(Number);
  if (!scales.includes(options.scale)) {
    throw new InvalidRequestError(
      'options.scale',
      `${model.modelId} has factors ${scales.join(', ')}, not ${options.scale}`,
    );
  }
  const capabilities = upscalerCapabilities(options);
  const layers = new ModelCache<TF.LayersModel>();

  async function edit(request: EditRequest, callOptions: CallOptions): Promise<ImageResult> {
    const { signal } = callOptions;
    const emit = (event: ProgressEvent) => {
      if (!signal?.aborted) callOptions.onProgress?.(event);
    };
    throwIfAborted(signal);
    if (request.mode !== 'upscale')
      throw new UnsupportedFeatureError('mode', `${model.modelId} only does upscale edits`);
    const parsed = tfjsUpscaleProviderOptionsSchema.safeParse(request.providerOptions?.tfjs ?? {});
    if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'providerOptions.tfjs');
    const scale = parsed.data.scale ?? options.scale;
    const path = model.paths[scale];
    if (!path)
      throw new InvalidRequestError(
        'providerOptions.tfjs.scale',
        `${model.modelId} has factors ${scales.join(', ')}, not ${scale}`,
      );
    if (!(request.image instanceof Uint8Array))
      throw new InvalidRequestError(
        'image',
        'must be image bytes (use the client, which reads every input form)',
      );
    const info = readImageInfo(request.image);
    if (info.width * info.height > options.maxInputPixels) {
      throw new InvalidRequestError(
        'image',
        `${info.width}×${info.height} is larger than the ${options.maxInputPixels}-pixel limit of this model`,
      );
    }
    if (info.width * info.height * scale * scale > MAX_OUTPUT_PIXELS) {
      throw new InvalidRequestError(
        'image',
        `${info.width}×${info.height} × ${scale} would be ${info.width * scale}×${info.height * scale}, above the ${MAX_OUTPUT_PIXELS / 2 ** 20}-megapixel output limit`,
      );
    }
    const { image, flattened } = await decodeInput(request.image, 'image', options.maxInputPixels);
    const warnings: Warning[] = [];
    if (flattened)
      warnings.push({
        type: 'other',
        source: 'tfjs',
        message: 'transparent pixels were flattened onto white',
      });

    const started = performance.now();
    const timings: ImageResult['timings'] = { totalMs: 0 };
    const selected = await runtime.use();
    const { tf } = selected;
    const network = await layers.get(`x${scale}`, () => loadLayersModelFromPath(tf, path()));
    timings.loadMs = performance.now() - started;
    let mark = performance.now();
    const output = await runUpscaler(tf, network, image, {
      scale,
      tileSize: parsed.data.tileSize ?? options.tileSize,
      overlap: options.tileOverlap,
      signal,
      beforeTile: async () => void (await runtime.use()),
      onTile: (step, total) => emit({ type: 'step', step, total }),
    });
    const backend = tf.getBackend();
    timings.inferenceMs = performance.now() - mark;
    emit({ type: 'decoding' });
    mark = performance.now();
    const bytes = await encodePng(output, 3);
    timings.encodeMs = performance.now() - mark;
    throwIfAborted(signal);
    timings.totalMs = performance.now() - started;
    return {
      images: [
        { bytes, mediaType: 'image/png', width: output.width, height: output.height, annotations: {} },
      ],
      warnings,
      provider: 'tfjs',
      modelId: model.modelId,
      timings,
      providerMetadata: { tfjs: { backend, route: selected.route, scale } },
    };
  }

  return {
    specificationVersion: 'v1',
    provider: 'tfjs',
    modelId: model.modelId,
    capabilities,
    generate: async () => {
      throw new UnsupportedFeatureError(
        'operation',
        `${model.modelId} cannot generate from text; use edit with mode "upscale"`,
      );
    },
    edit,
    dispose: () => layers.disposeAll(),
  };
}
