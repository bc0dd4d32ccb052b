// @pictor/workers-ai — Cloudflare Workers AI for Pictor: every image model over REST and the binding,
// AI Gateway, text (SSE) and vision models for judges. No Node-only imports at this entry.

// The asynchronous batch API (submit, poll, wait) of the models Cloudflare batches.
export {
  BATCH_MAX_BYTES,
  type BatchHandle,
  type BatchResponse,
  type BatchResult,
  type BatchStatus,
  type BatchWaitOptions,
  createBatch,
  type WorkersAIBatch,
} from './batch/batch.js';
// Core's config registry hook (`workers-ai:@cf/…`).
export { providerFromConfig, visionFromConfig, workersAIModelOptionsSchema } from './config.js';
// Text and vision models.
export { workersAIJudge, workersAIText, workersAIVision } from './defaults.js';
export type { WorkersAIModelOptions } from './image-model.js';
// The catalogue: every image model with its capabilities, encoding, terms and price.
export { getWorkersAIModel, workersAIModels } from './models/catalogue.js';
export { FLUX2_MAX_REFERENCE_SIDE } from './models/flux-2.js';
export type {
  EncodeContext,
  EncodedInputs,
  WorkersAIImageModel,
  WorkersAIImageModelId,
} from './models/model.js';
// The provider: createWorkersAI(settings)(modelId) → ImageProvider; the default reads the environment.
export { createWorkersAI, createWorkersAIFromEnv, type WorkersAIProvider, workersAI } from './provider.js';
export { type WorkersAIProviderOptions, workersAIProviderOptionsSchema } from './provider-options.js';
export { createBindingRunner } from './run/binding-runner.js';
export { type DecodedImage, decodeImageOutput } from './run/decode-output.js';
export { type GatewayOptions, gatewayOptionsSchema } from './run/gateway.js';
export {
  mapWorkersAIError,
  parseBindingError,
  parseRetryAfter,
  type WorkersAIFailure,
} from './run/map-error.js';
export {
  createRestRunner,
  DEFAULT_MAX_RESPONSE_BYTES,
  ERROR_BODY_BYTES,
  MAX_JSON_DEPTH,
  type RestRunnerSettings,
} from './run/rest-runner.js';
// The run seam (REST and binding), gateway options, error mapping, output decoding.
export type { AiBinding, AiRunner, MultipartInputs, RunOptions } from './run/runner.js';
export {
  type WorkersAIBindingSettings,
  type WorkersAIRestSettings,
  type WorkersAISettings,
  workersAISettingsSchema,
} from './settings.js';
export { parseTextStream, type TextStreamEvent, type TextUsage } from './text/sse.js';
export type {
  TextMessage,
  TextRequest,
  TextResult,
  WorkersAITextModel,
  WorkersAITextModelId,
} from './text/text-model.js';
// The package version, from package.json at build time.
export { VERSION } from './version.js';
export type {
  ImageLabel,
  VisionAnswer,
  VisionJudge,
  VisionQuestion,
  WorkersAIVisionModel,
  WorkersAIVisionModelId,
} from './vision/vision-model.js';
