import { redactSecrets } from '../errors/redact.js';
import { redactValue } from '../errors/redact-value.js';
import type { CallOptions } from '../spec/call-options.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import type { ProgressEvent } from '../spec/progress-event.js';
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
  const runGenerate = (
    index: number,
    request: GenerateRequest,
    options: CallOptions,
  ): Promise<ImageResult> => {
    const layer = middleware[index];
    if (!layer) return provider.generate(request, options);
    const context = createContext(provider, 'generate', options, logger);
    return (async () => {
      const transformed = layer.transformRequest ? await layer.transformRequest(request, context) : request;
      const next = (nextRequest: GenerateRequest, override?: CallOptions) =>
        runGenerate(index + 1, nextRequest, mergeOptions(options, override));
      return layer.wrapGenerate ? layer.wrapGenerate(next, transformed, context) : next(transformed);
    })();
  };
  const runEdit = (index: number, request: EditRequest, options: CallOptions): Promise<ImageResult> => {
    const layer = middleware[index];
    if (!layer) {
      if (!provider.edit) throw new Error(`${provider.provider}:${provider.modelId} has no edit`);
      return provider.edit(request, options);
    }
    const context = createContext(provider, 'edit', options, logger);
    return (async () => {
      const transformed = layer.transformRequest ? await layer.transformRequest(request, context) : request;
      const next = (nextRequest: EditRequest, override?: CallOptions) =>
        runEdit(index + 1, nextRequest, mergeOptions(options, override));
      return layer.wrapEdit ? layer.wrapEdit(next, transformed, context) : next(transformed);
    })();
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
