// @pictor/tfjs — TensorFlow.js for Pictor: the embedded emoji model and ESRGAN upscaling on
// tfjs-node(-gpu), wasm or cpu. tfjs packages are optional peers, imported on first use.

// Backend choice (auto: node-gpu → node → wasm → cpu), usable on its own.
export {
  BACKEND_ORDER,
  type BackendLoadOptions,
  type BackendPreference,
  type BackendRoute,
  type SelectedBackend,
  selectBackend,
  type Tfjs,
} from './backend.js';
// The model catalogue: built-in model ids and their capabilities.
export { type TfjsCatalogueEntry, type TfjsModelId, tfjsModels } from './catalogue.js';
// Loading tfjs models from local files without tfjs-node.
export { fileIOHandler, loadGraphModelFromPath, loadLayersModelFromPath } from './file-io.js';
// The provider factory, its default instance and the config hook.
export { createTfjs, providerFromConfig, type TfjsFactory, tfjs } from './tfjs-provider.js';
// Settings, model options and providerOptions (zod schemas and types).
export {
  type TfjsModelOptions,
  type TfjsProviderOptions,
  type TfjsSettings,
  type TfjsUpscaleProviderOptions,
  tfjsModelOptionsSchema,
  tfjsProviderOptionsSchema,
  tfjsSettingsSchema,
  tfjsUpscaleProviderOptionsSchema,
} from './tfjs-settings.js';
// Where the @upscalerjs weights are.
export { UPSCALER_WEIGHTS, type UpscalerId, upscalerModelPath, upscalerScales } from './upscaler-weights.js';

// The package version, from package.json at build time.
export { VERSION } from './version.js';
