import { AbortError } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { CallOptions } from '../spec/call-options.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

async function withTimeout(
  ms: number,
  context: MiddlewareContext,
  call: (options: CallOptions) => Promise<ImageResult>,
): Promise<ImageResult> {
  const controller = new AbortController();
  const outer = context.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) throw new AbortError();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(ms, { provider: context.provider });
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([call({ signal: controller.signal }), expired]);
  } catch (error) {
    if (controller.signal.reason instanceof TimeoutError && !outer?.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Fails a call with `TimeoutError` (retryable) after `ms` milliseconds and aborts the work inside it.
 * Put it inside `retry` to limit each attempt, outside to limit the whole call.
 *
 * @example
 * createImageClient({ provider, middleware: [retry(), timeout(30_000)] }); // 30 s per attempt
 */
export function timeout(ms: number): Middleware {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError('timeout: ms must be a positive number');
  return {
    name: 'timeout',
    wrapGenerate: (next, request, context) => withTimeout(ms, context, (options) => next(request, options)),
    wrapEdit: (next, request, context) => withTimeout(ms, context, (options) => next(request, options)),
  };
}
