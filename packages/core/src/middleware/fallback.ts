import { AbortError } from '../errors/abort-error.js';
import { PictorError } from '../errors/pictor-error.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of `fallback`. */
export interface FallbackOptions {
  /** Providers tried in order after the wrapped one fails. */
  providers: readonly ImageProvider[];
  /** Which errors move on to the next provider. Default: any error except aborts and invalid requests. */
  shouldFallback?: (error: unknown) => boolean;
}

function defaultShouldFallback(error: unknown): boolean {
  if (AbortError.isInstance(error)) return false;
  return !(
    PictorError.isInstance(error) &&
    (error.code === 'invalid_request' || error.code === 'hallucination_check')
  );
}

async function tryInOrder(
  options: FallbackOptions,
  context: MiddlewareContext,
  first: () => Promise<ImageResult>,
  call: (provider: ImageProvider) => Promise<ImageResult> | undefined,
): Promise<ImageResult> {
  const shouldFallback = options.shouldFallback ?? defaultShouldFallback;
  const attempts: { provider: string; modelId: string; error?: string }[] = [];
  let lastError: unknown;
  const candidates: [string, string, () => Promise<ImageResult> | undefined][] = [
    [context.provider, context.modelId, first],
    ...options.providers.map(
      (p) =>
        [p.provider, p.modelId, () => call(p)] as [string, string, () => Promise<ImageResult> | undefined],
    ),
  ];
  for (const [provider, modelId, run] of candidates) {
    if (context.signal?.aborted) throw new AbortError();
    const pending = run();
    if (!pending) {
      attempts.push({ provider, modelId, error: 'does not support this operation' });
      continue;
    }
    try {
      const result = await pending;
      attempts.push({ provider, modelId });
      const answeredBy = { provider, modelId };
      if (attempts.length > 1) {
        result.warnings.push({
          type: 'other',
          source: 'fallback',
          message: `answered by ${provider}:${modelId} after ${attempts.length - 1} failure(s)`,
        });
      }
      return {
        ...result,
        providerMetadata: { ...result.providerMetadata, fallback: { answeredBy, attempts } },
      };
    } catch (error) {
      lastError = error;
      attempts.push({ provider, modelId, error: PictorError.isInstance(error) ? error.code : 'error' });
      context.log('warn', 'fallback: provider failed', { provider, modelId });
      if (!shouldFallback(error)) throw error;
    }
  }
  throw lastError;
}

/**
 * Tries other providers, in order, when the wrapped one fails. The result records which provider
 * answered (`providerMetadata.fallback.answeredBy`) and every attempt. Fallback providers get the
 * request as validated for the first provider; give them models with compatible capabilities.
 *
 * @example
 * createImageClient({ provider: workersAI('@cf/black-forest-labs/flux-1-schnell'), middleware: [fallback({ providers: [tfjs('emoji')] })] });
 */
export function fallback(options: FallbackOptions): Middleware {
  return {
    name: 'fallback',
    wrapGenerate: (next, request, context) =>
      tryInOrder(
        options,
        context,
        () => next(request),
        (p) => p.generate(request, context.options),
      ),
    wrapEdit: (next, request, context) =>
      tryInOrder(
        options,
        context,
        () => next(request),
        (p) => p.edit?.(request, context.options),
      ),
  };
}
