import { MiddlewareError } from '../errors/middleware-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { redactSecrets } from '../errors/redact.js';
import { redactValue } from '../errors/redact-value.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import type { CallOptions } from '../spec/call-options.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import type { ProgressEvent } from '../spec/progress-event.js';
import { callSeedOf } from './call-seed.js';
import type { LogLevel, Middleware, MiddlewareContext } from './middleware.js';

/** A logger hook: receives structured log lines from middleware. */
export type Logger = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

function createContext(
  provider: ImageProvider,
  operation: 'generate' | 'edit',
  options: CallOptions,
  logger: Logger | undefined,
): MiddlewareContext {
  return {
    operation,
    provider: provider.provider,
    modelId: provider.modelId,
    capabilities: provider.capabilities,
    options,
    signal: options.signal,
    drawnSeed: callSeedOf(options),
    emit(event: ProgressEvent) {
      try {
        options.onProgress?.(event);
      } catch {
        // A progress callback must not break the call.
      }
    },
    log(level, message, data) {
      // Secrets are redacted here, whoever logs: a middleware may quote an error or a header.
      logger?.(level, redactSecrets(message), data === undefined ? undefined : redactValue(data));
    },
  };
}

function mergeOptions(base: CallOptions, override: CallOptions | undefined): CallOptions {
  return override ? { ...base, ...override } : base;
}

/** A provider's own non-Pictor failure is the provider's: a `ProviderError` with the original as cause. */
function blameProvider(provider: ImageProvider): (error: unknown) => never {
  return (error) => {
    if (PictorError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ProviderError(`${provider.provider} failed: ${message}`, {
      provider: provider.provider,
      cause: error,
    });
  };
}

/**
 * A layer's own non-Pictor failure is that middleware's, never the provider's. Errors coming up from
 * `next` are already Pictor errors (each layer below, and the provider, are wrapped the same way).
 */
function blameLayer(layer: Middleware): (error: unknown) => never {
  return (error) => {
    if (PictorError.isInstance(error)) throw error;
    throw new MiddlewareError(layer.name || 'anonymous', error);
  };
}

/**
 * Wraps a provider in middleware and returns a provider. **The first middleware listed is the
 * outermost**: `wrapProvider(p, retry(), cache())` runs retry → cache → p.
 *
 * @example
 * const provider = wrapProvider(workersAI('@cf/black-forest-labs/flux-1-schnell'), retry(), cache());
 */
export function wrapProvider(provider: ImageProvider, ...middleware: Middleware[]): ImageProvider {
  return wrapProviderWith(provider, middleware);
}

/** `wrapProvider` with an optional logger for the middleware context. */
export function wrapProviderWith(
  provider: ImageProvider,
  middleware: readonly Middleware[],
  logger?: Logger,
): ImageProvider {
  if (middleware.length === 0) return provider;
  const blame = blameProvider(provider);
  const callProvider = (call: () => Promise<ImageResult>): Promise<ImageResult> => {
    try {
      return Promise.resolve(call()).catch(blame);
    } catch (error) {
      return Promise.reject(error).catch(blame);
    }
  };
  const runGenerate = (
    index: number,
    request: GenerateRequest,
    options: CallOptions,
  ): Promise<ImageResult> => {
    const layer = middleware[index];
    if (!layer) return callProvider(() => provider.generate(request, options));
    const context = createContext(provider, 'generate', options, logger);
    return (async () => {
      const transformed = layer.transformRequest ? await layer.transformRequest(request, context) : request;
      const next = (nextRequest: GenerateRequest, override?: CallOptions) =>
        runGenerate(index + 1, nextRequest, mergeOptions(options, override));
      return layer.wrapGenerate ? layer.wrapGenerate(next, transformed, context) : next(transformed);
    })().catch(blameLayer(layer));
  };
  const runEdit = (index: number, request: EditRequest, options: CallOptions): Promise<ImageResult> => {
    const layer = middleware[index];
    if (!layer) {
      const edit = provider.edit;
      if (!edit)
        return Promise.reject(
          new UnsupportedFeatureError('mode', `${provider.provider}:${provider.modelId} cannot edit images`),
        );
      return callProvider(() => edit.call(provider, request, options));
    }
    const context = createContext(provider, 'edit', options, logger);
    return (async () => {
      const transformed = layer.transformRequest ? await layer.transformRequest(request, context) : request;
      const next = (nextRequest: EditRequest, override?: CallOptions) =>
        runEdit(index + 1, nextRequest, mergeOptions(options, override));
      return layer.wrapEdit ? layer.wrapEdit(next, transformed, context) : next(transformed);
    })().catch(blameLayer(layer));
  };
  const wrapped: ImageProvider = {
    specificationVersion: 'v1',
    provider: provider.provider,
    modelId: provider.modelId,
    capabilities: provider.capabilities,
    generate: (request, options) => runGenerate(0, request, options ?? {}),
    ...(provider.edit
      ? { edit: (request: EditRequest, options: CallOptions) => runEdit(0, request, options ?? {}) }
      : {}),
    ...(provider.dispose ? { dispose: () => provider.dispose!() } : {}),
  };
  return wrapped;
}
