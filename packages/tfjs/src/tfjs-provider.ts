import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type ImageProvider,
  InvalidRequestError,
  ModelLoadError,
  type ProviderFromConfig,
  withRequestChecks,
  zodToInvalidRequest,
} from '@pictor/core';
import {
  createPromptEncoder,
  emojiPrompts,
  type ModelCard,
  modelCard,
  type Vocabulary,
} from '@pictor/model-emoji';
import { generatorTfjsPath } from '@pictor/model-emoji/node';
import type { TfjsModelId } from './catalogue.js';
import { upscaleDefaults } from './catalogue.js';
import { type GeneratorModel, generatorProvider } from './generator-provider.js';
import { TfjsRuntime } from './runtime.js';
import {
  type TfjsModelOptions,
  type TfjsSettings,
  tfjsModelOptionsSchema,
  tfjsSettingsSchema,
} from './tfjs-settings.js';
import { type UpscalerModel, upscalerProvider } from './upscaler-provider.js';
import { UPSCALER_WEIGHTS, type UpscalerId, upscalerModelPath, upscalerScales } from './upscaler-weights.js';

/** Makes a tfjs model provider. */
export type TfjsFactory = (modelIdOrPath: TfjsModelId, options?: TfjsModelOptions) => ImageProvider;

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ModelLoadError(`cannot read ${path}: ${(error as Error).message}`, {
      provider: 'tfjs',
      cause: error,
    });
  }
}

function cardModel(cardPath: string, modelId: string): GeneratorModel {
  const card = readJson(cardPath) as unknown as ModelCard;
  const graph = card.weights?.tfjs_graph_model?.generator;
  if (typeof graph !== 'string' || typeof card.vocabulary !== 'string' || !card.inputs || !card.outputs) {
    throw new ModelLoadError(
      `${cardPath} is not a Pictor generator model card (weights.tfjs_graph_model.generator, vocabulary, inputs, outputs)`,
      {
        provider: 'tfjs',
      },
    );
  }
  const folder = dirname(cardPath);
  const vocabulary = readJson(resolve(folder, card.vocabulary)) as unknown as Vocabulary;
  return { modelId, card, encoder: createPromptEncoder(vocabulary), graphPath: resolve(folder, graph) };
}

/** What a local path holds: a model card (generator), or a `model.json` (image-to-image, needs `scale`). */
function pathModel(
  path: string,
  modelId: string,
  options: TfjsModelOptions,
): { card: GeneratorModel } | { upscaler: UpscalerModel } {
  if (!existsSync(path)) {
    throw new InvalidRequestError(
      'model',
      `"${modelId}" is neither a built-in tfjs model (emoji, esrgan-slim, upscaler-default) nor an existing path`,
    );
  }
  const isFolder = statSync(path).isDirectory();
  const cardPath = isFolder ? join(path, 'model-card.json') : path;
  if (existsSync(cardPath) && 'image_size' in readJson(cardPath))
    return { card: cardModel(cardPath, modelId) };
  const modelJson = isFolder ? join(path, 'model.json') : path;
  if (!existsSync(modelJson))
    throw new ModelLoadError(`${path} holds neither model-card.json nor model.json`, { provider: 'tfjs' });
  if (options.scale === undefined) {
    throw new InvalidRequestError(
      'options.scale',
      `a tfjs model.json without a model card is run as an upscaler and needs its factor (scale)`,
    );
  }
  return { upscaler: { modelId, paths: { [Number(options.scale)]: () => modelJson } } };
}

function builtInUpscaler(id: UpscalerId): UpscalerModel {
  const paths: UpscalerModel['paths'] = {};
  for (const scale of upscalerScales(id)) paths[scale] = () => upscalerModelPath(id, scale);
  return { modelId: id, paths };
}

/**
 * Creates the tfjs factory. Models: `emoji` (the embedded text-to-image model), `esrgan-slim` and
 * `upscaler-default` (upscale edits), or a local path to a Pictor model card or a `model.json`.
 * Nothing is loaded until the first call; the backend is chosen then and reported on every result
 * as `providerMetadata.tfjs.backend`.
 *
 * @example
 * const tfjs = createTfjs({ backend: 'wasm' });
 * const client = createImageClient({ provider: tfjs('emoji') });
 * const { images } = await client.generate({ prompt: 'a red apple', width: 128, height: 128, seed: 1 });
 */
export function createTfjs(settings: TfjsSettings = {}): TfjsFactory {
  const { importModule, ...checked } = settings;
  const parsedSettings = tfjsSettingsSchema.safeParse(checked);
  if (!parsedSettings.success) throw zodToInvalidRequest(parsedSettings.error, 'settings');
  const base = parsedSettings.data;

  const make = (modelIdOrPath: TfjsModelId, options: TfjsModelOptions = {}): ImageProvider => {
    const parsed = tfjsModelOptionsSchema.safeParse(options);
    if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'options');
    const opts = parsed.data;
    const runtime = new TfjsRuntime(opts.backend ?? base.backend ?? 'auto', {
      ...(importModule ? { importModule } : {}),
      ...(base.wasmPaths ? { wasmPaths: base.wasmPaths } : {}),
    });
    const tiles = {
      tileSize: opts.tileSize ?? upscaleDefaults.tileSize,
      tileOverlap: opts.tileOverlap ?? upscaleDefaults.tileOverlap,
    };
    const generatorOptions = {
      size: opts.size,
      upscaler: opts.upscaler ?? ('esrgan-slim' as const),
      maxImagesPerCall: opts.maxImagesPerCall ?? 16,
      ...tiles,
    };
    const upscalerOptions = (defaultScale: number) => ({
      scale: opts.scale ?? defaultScale,
      maxInputPixels: opts.maxInputPixels ?? upscaleDefaults.maxInputPixels,
      ...tiles,
    });

    if (modelIdOrPath === 'emoji') {
      return generatorProvider(
        { modelId: 'emoji', card: modelCard, encoder: emojiPrompts, graphPath: generatorTfjsPath },
        generatorOptions,
        runtime,
      );
    }
    if (modelIdOrPath in UPSCALER_WEIGHTS) {
      return upscalerProvider(builtInUpscaler(modelIdOrPath as UpscalerId), upscalerOptions(2), runtime);
    }
    const path = isAbsolute(modelIdOrPath)
      ? modelIdOrPath
      : resolve(base.cwd ?? process.cwd(), modelIdOrPath);
    const found = pathModel(path, modelIdOrPath, opts);
    if ('card' in found) return generatorProvider(found.card, generatorOptions, runtime);
    return upscalerProvider(found.upscaler, upscalerOptions(Number(opts.scale)), runtime);
  };
  // Direct calls are checked as the client checks them; the seed policy is core's.
  return (modelIdOrPath, options = {}) => withRequestChecks(make(modelIdOrPath, options));
}

/** The default factory: `backend: 'auto'`. */
export const tfjs: TfjsFactory = createTfjs();

/**
 * The config hook (`{ "provider": "tfjs:emoji?backend=wasm" }`). `settings` and `options` are checked;
 * relative paths resolve against the config's folder.
 */
export const providerFromConfig: ProviderFromConfig = (config, context) => {
  const settings = tfjsSettingsSchema.safeParse(config.settings ?? {});
  if (!settings.success) throw zodToInvalidRequest(settings.error, 'provider.settings');
  const options = tfjsModelOptionsSchema.safeParse(config.options ?? {});
  if (!options.success) throw zodToInvalidRequest(options.error, 'provider.options');
  const factory = createTfjs({
    ...settings.data,
    ...((settings.data.cwd ?? context.cwd) ? { cwd: (settings.data.cwd ?? context.cwd)! } : {}),
    ...(context.importModule ? { importModule: context.importModule } : {}),
  });
  return factory(config.model, options.data);
};
