import { sleep } from '../client/abortable.js';
import { AbortError } from '../errors/abort-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { type RetryAttempt, RetryError } from '../errors/retry-error.js';
import type { ImageResult } from '../spec/image-result.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of `retry`. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. Default 2; a call's `CallOptions.maxRetries` overrides it. */
  maxRetries?: number;
  /** Decides which errors are retried. Default: `PictorError.isRetryable`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Randomness for jitter (tests inject it). */
  random?: () => number;
}

function defaultShouldRetry(error: unknown): boolean {
  return PictorError.isInstance(error) && error.isRetryable && !AbortError.isInstance(error);
}

function attemptOf(attempt: number, error: unknown): RetryAttempt {
  const status = (error as { status?: unknown }).status;
  return {
    attempt,
    code: PictorError.isInstance(error) ? error.code : 'error',
    ...(typeof status === 'number' ? { status } : {}),
  };
}

async function withRetry(
  attempt: () => Promise<ImageResult>,
  context: MiddlewareContext,
  options: RetryOptions,
): Promise<ImageResult> {
  const { shouldRetry = defaultShouldRetry } = options;
  // A per-call `maxRetries` (CallOptions) overrides the middleware's.
  const maxRetries = context.options.maxRetries ?? options.maxRetries ?? 2;
  const attempts: RetryAttempt[] = [];
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (context.signal?.aborted)
        throw AbortError.isInstance(error) ? error : new AbortError(undefined, { cause: error });
      if (!shouldRetry(error)) throw error;
      attempts.push(attemptOf(tries + 1, error));
      if (tries >= maxRetries) {
        if (attempts.length === 1) throw error;
        throw new RetryError(attempts, error, { provider: context.provider });
      }
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      const delayMs = backoffDelay(tries + 1, options, retryAfterMs, options.random);
      attempts[attempts.length - 1]!.delayMs = delayMs;
      context.emit({ type: 'retry', attempt: tries + 1, delayMs, reason: (error as Error).message });
      context.log('warn', 'retrying', { attempt: tries + 1, delayMs, code: (error as PictorError).code });
      await sleep(delayMs, context.signal);
    }
  }
}

/**
 * Retries failed calls with exponential backoff and jitter. Only errors marked `isRetryable` are
 * retried (rate limits, 5xx, timeouts); a provider's `Retry-After` is honoured up to `maxDelayMs`;
 * an abort stops it at once, also during the wait. When every attempt failed with a retryable
 * error, it throws a `RetryError` listing each attempt (code, status, delay); a non-retryable
 * error is thrown as it is.
 *
 * @example
 * createImageClient({ provider, middleware: [retry({ maxRetries: 3, initialDelayMs: 250 })] });
 */
export function retry(options: RetryOptions = {}): Middleware {
  return {
    name: 'retry',
    wrapGenerate: (next, request, context) => withRetry(() => next(request), context, options),
    wrapEdit: (next, request, context) => withRetry(() => next(request), context, options),
  };
}
