// @pictor/onnx — local ONNX Runtime: Stable-Diffusion-family folders and single-graph generators,
// GPU execution providers first, CPU always.

// The model catalogue: the models known by name.
export { type OnnxCatalogueEntry, type OnnxModelId, onnxModels } from './catalogue.js';
export type { OnnxRunMetadata } from './model-runtime.js';
export {
  type OnnxModelOptions,
  type OnnxProviderOptions,
  onnxModelOptionsSchema,
  onnxProviderOptionsSchema,
} from './onnx-options.js';
// The factory, the default instance, settings and options.
export {
  createOnnx,
  type OnnxFactory,
  type OnnxSettings,
  onnx,
  onnxSettingsSchema,
} from './onnx-provider.js';
export { providerFromConfig } from './provider-from-config.js';

// Execution providers.
export {
  autoOrder,
  EXECUTION_PROVIDERS,
  type ExecutionProviderChoice,
  type ExecutionProviderName,
  providerOrder,
  type SkippedProvider,
} from './runtime/execution-providers.js';
export { float16ToFloat32, float32ToFloat16 } from './runtime/float16.js';
export { ORT_INSTALL_HINT, type OrtLoader, type OrtModule } from './runtime/load-ort.js';
export type { SessionSettings } from './runtime/session-factory.js';
// Stable Diffusion parts, usable on their own.
export { ClipTokenizer, type TokenizedPrompt } from './sd/clip-tokenizer.js';
export { readSdFolder, type SdFolder } from './sd/model-folder.js';
export {
  alphasCumprod,
  betas,
  ddimScheduler,
  eulerScheduler,
  guidanceEmbedding,
  lcmScheduler,
  lcmTimesteps,
  makeScheduler,
  SCHEDULERS,
  type Scheduler,
  type SchedulerConfig,
  type SchedulerName,
  schedulerConfigSchema,
  spacedTimesteps,
} from './sd/schedulers/index.js';

// The package version, from package.json at build time.
export { VERSION } from './version.js';
