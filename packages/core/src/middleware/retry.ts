import { sleep } from '../client/abortable.js';
import { AbortError } from '../errors/abort-error.js';
import { PictorError } from '../errors/pictor-error.js';
import type { ImageResult } from '../spec/image-result.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of `retry`. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Decides which errors are retried. Default: `PictorError.isRetryable`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Randomness for jitter (tests inject it). */
  random?: () => number;
}

function defaultShouldRetry(error: unknown): boolean {
  return PictorError.isInstance(error) && error.isRetryable && !AbortError.isInstance(error);
}

async function withRetry(
  attempt: () => Promise<ImageResult>,
  context: MiddlewareContext,
  options: RetryOptions,
): Promise<ImageResult> {
  const { maxRetries = 2, shouldRetry = defaultShouldRetry } = options;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (context.signal?.aborted)
        throw AbortError.isInstance(error) ? error : new AbortError(undefined, { cause: error });
      if (tries >= maxRetries || !shouldRetry(error)) throw error;
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      const delayMs = backoffDelay(tries + 1, options, retryAfterMs, options.random);
      context.emit({ type: 'retry', attempt: tries + 1, delayMs, reason: (error as Error).message });
      context.log('warn', 'retrying', { attempt: tries + 1, delayMs, code: (error as PictorError).code });
      await sleep(delayMs, context.signal);
    }
  }
}

/**
 * Retries failed calls with exponential backoff and jitter. Only errors marked `isRetryable` are
 * retried (rate limits, 5xx, timeouts); a provider's `Retry-After` is honoured up to `maxDelayMs`;
 * an abort stops it at once, also during the wait.
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
