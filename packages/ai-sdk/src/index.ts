// @pictor/ai-sdk — Pictor and the Vercel AI SDK, both directions: any Pictor provider as an AI SDK
// image model (`generateImage`), and any AI SDK image model as a Pictor provider (Pictor middleware
// around @ai-sdk/openai, fal, replicate, google, black-forest-labs…). Imports nothing from `ai` at run time.

// The AI SDK image model spec, as read here (V2, V3, V4 by duck typing).
export type {
  AISDKImageCallOptions,
  AISDKImageFile,
  AISDKImageModel,
  AISDKImageResult,
  AISDKImageWarning,
  AISDKMaxImagesPerCall,
} from './ai-sdk-spec.js';
// Config strings: `ai-sdk:<package>:<model id>`.
export { parseAISDKModel, providerFromConfig } from './config/provider-from-config.js';
export { PROVIDER_PACKAGES, type ProviderPackage } from './config/provider-packages.js';
// AI SDK → Pictor.
export {
  AI_SDK_ANNOTATION,
  type FromImageModelOptions,
  fromImageModel,
  warningFromAISDK,
} from './from-image-model/from-image-model.js';
export {
  DEFAULT_CAPABILITIES,
  findKnownModel,
  KNOWN_MODELS,
  type KnownModel,
  type SizeEncoding,
  VENDOR_PROFILES,
  type VendorProfile,
  vendorOf,
} from './from-image-model/known-models.js';
export { mapAISDKError, retryAfterMs } from './from-image-model/map-error.js';
// Pictor → AI SDK.
export { PictorAPICallError } from './to-image-model/api-call-error.js';
export { type PictorCallOptions, pictorCallOptionsSchema } from './to-image-model/pictor-options.js';
export {
  type PictorImageModelV4,
  type ToImageModelOptions,
  toImageModel,
  toImageModelV4,
} from './to-image-model/to-image-model.js';
export { VERSION } from './version.js';
