import { adaptRequest } from '../client/adapt-request.js';
import { runSplit } from '../client/run-split.js';
import { verifyResult } from '../client/verify-images.js';
import { AbortError } from '../errors/abort-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { CallOptions } from '../spec/call-options.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Warning } from '../spec/warning.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of `fallback`. */
export interface FallbackOptions {
  /** Providers tried in order after the wrapped one fails. */
  providers: readonly ImageProvider[];
  /**
   * Which errors of the wrapped (first) provider move on to the next one. Default: any error except
   * aborts, invalid requests and failed hallucination checks. A fallback provider's own failure
   * always moves on (except an abort).
   */
  shouldFallback?: (error: unknown) => boolean;
}

/** One provider the fallback chain tried or skipped, as recorded in `providerMetadata.fallback.attempts`. */
export interface FallbackAttempt {
  provider: string;
  modelId: string;
  /** The error code when the call failed. */
  error?: string;
  /** Why the provider was not called: it cannot serve this request. */
  skipped?: string;
}

function defaultShouldFallback(error: unknown): boolean {
  if (AbortError.isInstance(error)) return false;
  return !(
    PictorError.isInstance(error) &&
    (error.code === 'invalid_request' || error.code === 'hallucination_check')
  );
}

function asPictorError(error: unknown, provider: string): unknown {
  if (PictorError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${provider} failed: ${message}`, { provider, cause: error });
}

/** Calls one fallback provider with the request fitted to it, `n` split to its per-call maximum. */
async function callFallback<R extends GenerateRequest | EditRequest>(
  provider: ImageProvider,
  request: R,
  context: MiddlewareContext,
): Promise<ImageResult> {
  const call = (sub: R, signal: AbortSignal | undefined): Promise<ImageResult> => {
    const options: CallOptions = { ...context.options };
    if (signal) options.signal = signal;
    else delete options.signal;
    if (context.operation === 'edit') {
      if (!provider.edit) throw new Error('unreachable: checked before');
      return provider.edit(sub as EditRequest, options);
    }
    return provider.generate(sub, options);
  };
  const result = await runSplit(request, provider.capabilities.maxImagesPerCall, context.signal, (split) =>
    Promise.resolve()
      .then(() => call(split.request, split.signal))
      .catch((error: unknown) => Promise.reject(asPictorError(error, provider.provider))),
  );
  return verifyResult(result, provider.provider);
}

/** A seed the client drew (the caller named none) is not the caller's wish: a seedless model just drops it. */
function withoutDrawnSeed<R extends GenerateRequest>(request: R, context: MiddlewareContext): R {
  const drawn = context.drawnSeed;
  if (!drawn || request.seed !== drawn.seed) return request;
  const { seed: _seed, ...rest } = request;
  return rest as R;
}

async function tryInOrder<R extends GenerateRequest | EditRequest>(
  options: FallbackOptions,
  context: MiddlewareContext,
  request: R,
  first: () => Promise<ImageResult>,
): Promise<ImageResult> {
  const shouldFallback = options.shouldFallback ?? defaultShouldFallback;
  const attempts: FallbackAttempt[] = [];
  let firstError: unknown;
  let lastError: unknown;
  const answered = (result: ImageResult, provider: string, modelId: string, warnings: Warning[]) => {
    attempts.push({ provider, modelId });
    const failed = attempts.filter((a) => a.error).length;
    const skipped = attempts.filter((a) => a.skipped).length;
    const message =
      `answered by ${provider}:${modelId} after ${failed} failure(s)` +
      (skipped ? `, ${skipped} skipped` : '');
    return {
      ...result,
      warnings: [...warnings, ...result.warnings, { type: 'other' as const, source: 'fallback', message }],
      providerMetadata: {
        ...result.providerMetadata,
        fallback: { answeredBy: { provider, modelId }, attempts },
      },
    };
  };

  try {
    const result = await first();
    attempts.push({ provider: context.provider, modelId: context.modelId });
    return {
      ...result,
      providerMetadata: { ...result.providerMetadata, fallback: { answeredBy: attempts[0], attempts } },
    };
  } catch (error) {
    firstError = lastError = error;
    attempts.push({
      provider: context.provider,
      modelId: context.modelId,
      error: PictorError.isInstance(error) ? error.code : 'error',
    });
    context.log('warn', 'fallback: provider failed', {
      provider: context.provider,
      modelId: context.modelId,
    });
    if (!shouldFallback(error)) throw error;
  }

  for (const provider of options.providers) {
    if (context.signal?.aborted) throw new AbortError();
    const id = { provider: provider.provider, modelId: provider.modelId };
    if (context.operation === 'edit' && !provider.edit) {
      attempts.push({ ...id, skipped: 'the model cannot edit images' });
      continue;
    }
    const adapted = adaptRequest(
      withoutDrawnSeed(request, context),
      provider.capabilities,
      context.operation,
    );
    if (!adapted.ok) {
      attempts.push({ ...id, skipped: adapted.reason });
      context.log('info', 'fallback: provider skipped', { ...id, reason: adapted.reason });
      continue;
    }
    try {
      const result = await callFallback(provider, adapted.request, context);
      return answered(result, provider.provider, provider.modelId, adapted.warnings);
    } catch (error) {
      if (AbortError.isInstance(error) || context.signal?.aborted) throw error;
      lastError = error;
      attempts.push({ ...id, error: PictorError.isInstance(error) ? error.code : 'error' });
      context.log('warn', 'fallback: provider failed', id);
    }
  }
  throw lastError ?? firstError;
}

/**
 * Tries other providers, in order, when the wrapped one fails. Each fallback provider gets the
 * request fitted to its own capabilities: a size it does not make is snapped to the nearest one it
 * does, steps and guidance are clamped, fields it ignores are dropped — each change a warning on
 * the result; `n` is split to its per-call maximum. A provider that cannot serve the request at all
 * (no such edit mode, prompt too long…) is skipped with the reason recorded. A fallback provider's
 * own error — even `invalid_request` — moves on to the next one. The result records which provider
 * answered (`providerMetadata.fallback.answeredBy`) and every attempt, skipped ones included.
 *
 * @example
 * createImageClient({ provider: workersAI('@cf/black-forest-labs/flux-1-schnell'), middleware: [fallback({ providers: [tfjs('emoji')] })] });
 */
export function fallback(options: FallbackOptions): Middleware {
  return {
    name: 'fallback',
    wrapGenerate: (next, request, context) => tryInOrder(options, context, request, () => next(request)),
    wrapEdit: (next, request, context) => tryInOrder(options, context, request, () => next(request)),
  };
}
