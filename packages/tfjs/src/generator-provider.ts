import {
  type CallOptions,
  type Capabilities,
  encodePng,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  type ProgressEvent,
  randomSeed,
  seededNormal,
  throwIfAborted,
  type Warning,
  zodToInvalidRequest,
} from '@pictor/core';
import { imagesFromOutput, type ModelCard, type PromptEncoder } from '@pictor/model-emoji';
import type * as TF from '@tensorflow/tfjs';
import { loadGraphModelFromPath, loadLayersModelFromPath } from './file-io.js';
import { ModelCache } from './model-cache.js';
import { enlargeNearest, runUpscaler, yieldToEventLoop } from './run-upscaler.js';
import type { TfjsRuntime } from './runtime.js';
import { tfjsProviderOptionsSchema } from './tfjs-settings.js';
import { upscalerModelPath } from './upscaler-weights.js';

/** A text-conditioned generator with a Pictor model card (inputs `words` and `z`, output `image` NCHW in [-1, 1]). */
export interface GeneratorModel {
  /** The model id reported on results. */
  modelId: string;
  /** Its card. */
  card: ModelCard;
  /** Its vocabulary's prompt encoder. */
  encoder: PromptEncoder;
  /** Folder (or `model.json`) of the tfjs graph model. */
  graphPath: string;
}

/** Resolved options of a generator. */
export interface GeneratorOptions {
  size?: number | undefined;
  upscaler: 'esrgan-slim' | 'nearest';
  maxImagesPerCall: number;
  tileSize: number;
  tileOverlap: number;
}

/** Factors above the native size that the default pipeline offers (esrgan-slim has ×2, ×4, ×8). */
const SCALES = [1, 2, 4, 8];

/** A generator's capabilities: square sizes native × 1, 2, 4, 8; seeds honoured; coarse progress. */
export function generatorCapabilities(card: ModelCard, options: GeneratorOptions): Capabilities {
  const sizes = SCALES.map((s) => ({ width: card.image_size * s, height: card.image_size * s }));
  const size = options.size ?? card.image_size;
  if (!sizes.some((s) => s.width === size)) {
    throw new InvalidRequestError(
      'options.size',
      `${size} is not a size this model makes (${sizes.map((s) => s.width).join(', ')})`,
    );
  }
  return {
    generate: true,
    editModes: [],
    maxImagesPerCall: options.maxImagesPerCall,
    sizes,
    defaultSize: { width: size, height: size },
    seed: true,
    negativePrompt: false,
    maxPromptLength: 1000,
    progress: 'coarse',
    outputTypes: ['image/png'],
  };
}

/** An `ImageProvider` running a model-card generator on tfjs, with ESRGAN (or nearest) for larger sizes. */
export function generatorProvider(
  model: GeneratorModel,
  options: GeneratorOptions,
  runtime: TfjsRuntime,
): ImageProvider {
  const capabilities = generatorCapabilities(model.card, options);
  const native = model.card.image_size;
  const zDim = model.card.z_dim;
  const inputNames = Object.keys(model.card.inputs);
  const outputName = Object.keys(model.card.outputs)[0] ?? 'image';
  const graphs = new ModelCache<TF.GraphModel>();
  const upscalers = new ModelCache<TF.LayersModel>();

  async function generate(request: GenerateRequest, callOptions: CallOptions): Promise<ImageResult> {
    const { signal } = callOptions;
    const emit = (event: ProgressEvent) => {
      if (!signal?.aborted) callOptions.onProgress?.(event);
    };
    throwIfAborted(signal);
    const parsed = tfjsProviderOptionsSchema.safeParse(request.providerOptions?.tfjs ?? {});
    if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'providerOptions.tfjs');
    const upscaler = parsed.data.upscaler ?? options.upscaler;
    const size = request.width ?? request.height ?? capabilities.defaultSize.width;
    const scale = size / native;
    if ((request.height ?? size) !== size || !SCALES.includes(scale)) {
      throw new InvalidRequestError(
        request.width !== undefined ? 'width' : 'height',
        `${size}×${request.height ?? size} is not a size this model makes`,
      );
    }
    const n = request.n ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > capabilities.maxImagesPerCall) {
      throw new InvalidRequestError('n', `must be 1–${capabilities.maxImagesPerCall} per call`);
    }
    const encoded = model.encoder.encodePrompt(request.prompt);
    if (encoded.known.length === 0) {
      const suggestions = model.encoder.suggestWords(
        encoded.unknown.length ? encoded.unknown : [request.prompt],
      );
      throw new InvalidRequestError(
        'prompt',
        `no word of "${request.prompt}" is in the ${model.modelId} model's vocabulary; try for example: ${suggestions.join(', ')}`,
        { suggestions },
      );
    }
    const warnings: Warning[] = [];
    if (encoded.unknown.length > 0) {
      warnings.push({
        type: 'other',
        source: 'tfjs',
        message: `the model does not know these words and ignored them: ${encoded.unknown.join(', ')}`,
      });
    }
    const seed = request.seed ?? randomSeed();
    const timings: ImageResult['timings'] = { totalMs: 0 };
    const started = performance.now();

    const selected = await runtime.use();
    const { tf } = selected;
    const graph = await graphs.get('generator', () => loadGraphModelFromPath(tf, model.graphPath));
    throwIfAborted(signal);
    timings.loadMs = performance.now() - started;

    const vocabularySize = encoded.words.length;
    const words = new Float32Array(n * vocabularySize);
    const z = new Float32Array(n * zDim);
    for (let i = 0; i < n; i++) {
      words.set(encoded.words, i * vocabularySize);
      z.set(seededNormal((seed + i) >>> 0, zDim), i * zDim);
    }
    if (signal) {
      // The forward pass is synchronous: give an abort that is already due its chance first.
      await yieldToEventLoop();
      throwIfAborted(signal);
    }
    let mark = performance.now();
    await runtime.use();
    const output = tf.tidy(() => {
      const feeds: Record<string, TF.Tensor> = {
        [inputNames.includes('words') ? 'words' : inputNames[0]!]: tf.tensor2d(words, [n, vocabularySize]),
        [inputNames.includes('z') ? 'z' : inputNames[1]!]: tf.tensor2d(z, [n, zDim]),
      };
      return graph.execute(feeds, outputName) as TF.Tensor;
    });
    let data: Float32Array | Int32Array | Uint8Array;
    try {
      data = await output.data();
    } finally {
      output.dispose();
    }
    const backend = tf.getBackend();
    timings.inferenceMs = performance.now() - mark;
    throwIfAborted(signal);

    let images = imagesFromOutput(data, { count: n, size: native }).map((rgb) => ({
      width: native,
      height: native,
      data: rgb,
    }));
    if (scale > 1) {
      mark = performance.now();
      if (upscaler === 'nearest') images = images.map((image) => enlargeNearest(image, scale));
      else {
        const esrgan = await upscalers.get(`x${scale}`, () =>
          loadLayersModelFromPath(tf, upscalerModelPath('esrgan-slim', scale)),
        );
        const enlarged = [];
        for (const image of images) {
          enlarged.push(
            await runUpscaler(tf, esrgan, image, {
              scale,
              tileSize: options.tileSize,
              overlap: options.tileOverlap,
              signal,
              beforeTile: async () => void (await runtime.use()),
            }),
          );
        }
        images = enlarged;
      }
      timings.upscaleMs = performance.now() - mark;
    }

    emit({ type: 'decoding' });
    mark = performance.now();
    const encodedImages = await Promise.all(images.map((image) => encodePng(image, 3)));
    timings.encodeMs = performance.now() - mark;
    throwIfAborted(signal);
    timings.totalMs = performance.now() - started;
    return {
      images: encodedImages.map((bytes, i) => ({
        bytes,
        mediaType: 'image/png',
        width: size,
        height: size,
        seed: (seed + i) >>> 0,
        annotations: {},
      })),
      warnings,
      provider: 'tfjs',
      modelId: model.modelId,
      timings,
      usage: { images: n },
      providerMetadata: {
        tfjs: {
          backend,
          route: selected.route,
          ...(scale > 1
            ? { upscaler: upscaler === 'nearest' ? `nearest ×${scale}` : `esrgan-slim ×${scale}` }
            : {}),
        },
      },
    };
  }

  return {
    specificationVersion: 'v1',
    provider: 'tfjs',
    modelId: model.modelId,
    capabilities,
    generate,
    async dispose() {
      await graphs.disposeAll();
      await upscalers.disposeAll();
    },
  };
}
