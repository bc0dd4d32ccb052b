import { AbortError } from '../errors/abort-error.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** A counting semaphore with an abortable wait. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Calls currently holding a slot. */
  get inFlight(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortError();
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new AbortError());
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.active++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

async function limited<T>(
  semaphore: Semaphore,
  context: MiddlewareContext,
  call: () => Promise<T>,
): Promise<T> {
  const release = await semaphore.acquire(context.signal);
  try {
    return await call();
  } finally {
    release();
  }
}

/**
 * Limits how many calls run at once through this middleware (shared by every client that uses the
 * same instance); the rest wait in order, and an abort removes a waiting call.
 *
 * @example
 * const limit = concurrency(4);
 * createImageClient({ provider, middleware: [limit] });
 */
export function concurrency(limit: number): Middleware & { readonly inFlight: number } {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('concurrency: limit must be a positive integer');
  const semaphore = new Semaphore(limit);
  return {
    name: 'concurrency',
    get inFlight() {
      return semaphore.inFlight;
    },
    wrapGenerate: (next, request, context) => limited(semaphore, context, () => next(request)),
    wrapEdit: (next, request, context) => limited(semaphore, context, () => next(request)),
  };
}
