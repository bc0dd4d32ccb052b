export { builtInMiddlewareSchemas } from './builtin-middleware.js';
export {
  configJsonSchema,
  type MiddlewareSpec,
  type PictorConfig,
  type ProviderObject,
  type ProviderSpec,
  pictorConfigSchema,
  type SecretRef,
} from './config-schema.js';
export {
  createImageClientFromConfig,
  DEFAULT_PROVIDER,
  parseConfig,
  type ResolveOptions,
  resolveMiddleware,
  resolveProvider,
  resolveVision,
} from './create-from-config.js';
export { loadOptionalModule, type ModuleImporter } from './module-loader.js';
export { parseProviderString } from './provider-string.js';
export {
  getProviderRegistration,
  type MiddlewareFromConfig,
  type MiddlewareRegistration,
  type ProviderConfigContext,
  type ProviderFromConfig,
  type ProviderRegistration,
  providerIds,
  registerMiddleware,
  registerProvider,
  type VisionAskFunction,
  type VisionFromConfig,
} from './registry.js';
export { type Environment, isSecretRef, resolveSecretRefs, type SecretSettings } from './secrets.js';
