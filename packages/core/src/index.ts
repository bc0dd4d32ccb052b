// @pictor/core — the provider-neutral spec, the typed client, middleware, errors and config.

// The client.
export { throwIfAborted } from './client/abortable.js';
export { validateProviderRequest, withRequestChecks } from './client/checked-provider.js';
export {
  createImageClient,
  type ImageClient,
  type ImageClientOptions,
  type StreamEvent,
} from './client/create-image-client.js';
export type { InputFetchPolicy } from './client/normalize-input.js';
export { editRequestSchema, generateRequestSchema, MAX_IMAGES_PER_REQUEST } from './client/request-schema.js';
export {
  type ValidatedRequest,
  validateEditRequest,
  validateGenerateRequest,
} from './client/validate-request.js';
export { zodToInvalidRequest } from './client/zod-error.js';
// Config: provider strings, the registry, secrets, createImageClientFromConfig.
export * from './config/index.js';
// Errors.
export * from './errors/index.js';
// Images: sniffing type and size, PNG encode/decode, CRC.
export * from './image/index.js';
// Middleware: the runtime and the generic middlewares.
export * from './middleware/index.js';
// Seeded noise shared by every local backend.
export { createPrng, randomSeed, seededNormal, seededUniform } from './noise/seeded-noise.js';
// The spec: what every provider implements and every client call uses.
export type * from './spec/index.js';

// The package version, from package.json at build time.
export { VERSION } from './version.js';
