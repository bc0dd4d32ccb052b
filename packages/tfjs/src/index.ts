// @pictor/tfjs — TensorFlow.js for Pictor: the embedded emoji model and ESRGAN upscaling on
// tfjs-node(-gpu), wasm or cpu. tfjs packages are optional peers, imported on first use.

// Backends and local model files (useful on their own).
export {
  BACKEND_ORDER,
  type BackendPreference,
  type SelectedBackend,
  selectBackend,
  type Tfjs,
} from './backend.js';
// The model catalogue.
export { type TfjsCatalogueEntry, type TfjsModelId, tfjsModels } from './catalogue.js';
export { fileIOHandler, loadGraphModelFromPath, loadLayersModelFromPath } from './file-io.js';
// The provider factory, its default instance and the config hook.
export { createTfjs, providerFromConfig, type TfjsFactory, tfjs } from './tfjs-provider.js';
// Settings and options (zod schemas and types).
export {
  type TfjsGenerateOptions,
  type TfjsModelOptions,
  type TfjsSettings,
  type TfjsUpscaleOptions,
  tfjsGenerateOptionsSchema,
  tfjsModelOptionsSchema,
  tfjsSettingsSchema,
  tfjsUpscaleOptionsSchema,
} from './tfjs-settings.js';
export { UPSCALER_WEIGHTS, type UpscalerId, upscalerModelPath, upscalerScales } from './upscaler-weights.js';

/** The package version. */
export const VERSION = '0.1.0';
