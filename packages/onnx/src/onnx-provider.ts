import {
  type ImageProvider,
  InvalidRequestError,
  ModelLoadError,
  withRequestChecks,
  zodToInvalidRequest,
} from '@pictor/core';
import { z } from 'zod';
import { generatorProvider } from './generator/generator-model.js';
import { isModelCard, readModelCard } from './generator/model-card.js';
import { type OnnxModelOptions, onnxModelOptionsSchema, type ParsedModelOptions } from './onnx-options.js';
import { resolveModelPath } from './resolve-model.js';
import { providerOrder } from './runtime/execution-providers.js';
import type { OrtLoader } from './runtime/load-ort.js';
import type { SessionSettings } from './runtime/session-factory.js';
import { SessionPool } from './runtime/session-pool.js';
import { isSdFolder, readSdFolder } from './sd/model-folder.js';
import { sdProvider } from './sd/sd-model.js';

/** Settings of `createOnnx`: where relative model paths start, and defaults for every model's options. */
export const onnxSettingsSchema = onnxModelOptionsSchema.extend({
  baseDir: z
    .string()
    .optional()
    .describe('Directory relative model paths are resolved against. Default: the working directory.'),
  loadOrt: z
    .custom<OrtLoader>((v) => typeof v === 'function')
    .optional()
    .describe('How onnxruntime-node is imported (default `import("onnxruntime-node")`).'),
});

/** Settings of `createOnnx`. */
export type OnnxSettings = z.input<typeof onnxSettingsSchema>;

/** The model factory `createOnnx` returns. */
export type OnnxFactory = (modelPath: string, options?: OnnxModelOptions) => ImageProvider;

function sessionSettings(options: ParsedModelOptions): SessionSettings {
  const out: SessionSettings = {};
  if (options.threads !== undefined) out.intraOpNumThreads = options.threads;
  if (options.interOpThreads !== undefined) out.interOpNumThreads = options.interOpThreads;
  if (options.graphOptimization !== undefined) out.graphOptimizationLevel = options.graphOptimization;
  if (options.memoryArena !== undefined) out.enableCpuMemArena = options.memoryArena;
  if (options.memoryPattern !== undefined) out.enableMemPattern = options.memoryPattern;
  if (options.executionMode !== undefined) out.executionMode = options.executionMode;
  if (options.logLevel !== undefined) out.logSeverityLevel = options.logLevel as 0 | 1 | 2 | 3 | 4;
  if (options.deviceId !== undefined) out.deviceId = options.deviceId;
  return out;
}

/**
 * Creates the ONNX Runtime model factory. `onnx(path, options)` gives a provider for an
 * optimum/diffusers Stable Diffusion export folder (SD 1.x, 2.x, SD-Turbo, LCM) or a single-graph
 * generator with a Pictor model card (`emoji` names the embedded model). Nothing is loaded until the
 * first call: `onnxruntime-node` is imported then, sessions are created once per graph and cached
 * until `dispose()`.
 *
 * @example
 * const onnx = createOnnx({ ep: ['cuda', 'cpu'], threads: 4 });
 * const client = createImageClient({ provider: onnx('./models/sd-turbo') });
 * const { images, providerMetadata } = await client.generate({ prompt: 'a lighthouse at dusk', seed: 1 });
 * console.log(providerMetadata?.onnx?.executionProvider); // 'cuda', or 'cpu' with the reason in `skipped`
 */
export function createOnnx(settings: OnnxSettings = {}): OnnxFactory {
  const parsedSettings = onnxSettingsSchema.safeParse(settings);
  if (!parsedSettings.success) throw zodToInvalidRequest(parsedSettings.error, 'settings');
  const { baseDir, loadOrt, ...defaults } = parsedSettings.data;
  const pools = new Map<string, SessionPool>();

  return (modelPath, options = {}) => {
    if (typeof modelPath !== 'string' || !modelPath.trim())
      throw new InvalidRequestError(
        'model',
        'must be a model folder, a model card path, "emoji" or "emoji-sd"',
      );
    const parsed = onnxModelOptionsSchema.safeParse(options);
    if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'options');
    const merged: ParsedModelOptions = { ...defaults, ...parsed.data };
    const path = resolveModelPath(modelPath, baseDir);
    const strict = merged.strict ?? false;
    const order = providerOrder(merged.ep ?? 'auto', strict);
    const session = sessionSettings(merged);
    const key = JSON.stringify([path, order, strict, session]);
    let pool = pools.get(key);
    if (!pool) {
      pool = new SessionPool({ order, settings: session, strict, ...(loadOrt ? { loadOrt } : {}) });
      pools.set(key, pool);
    }
    // Direct calls are checked as the client checks them; the seed policy is core's.
    if (isSdFolder(path)) return withRequestChecks(sdProvider(readSdFolder(path), modelPath, merged, pool));
    if (isModelCard(path))
      return withRequestChecks(generatorProvider(readModelCard(path), modelPath, merged, pool));
    throw new ModelLoadError(
      `${path} is neither a Stable Diffusion ONNX export (model_index.json + unet/) nor a Pictor model card (model-card.json)`,
      { provider: 'onnx' },
    );
  };
}

/** The default factory: `onnx('./models/sd-turbo', { ep: 'cuda' })`. */
export const onnx: OnnxFactory = createOnnx();
