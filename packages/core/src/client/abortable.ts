import { AbortError } from '../errors/abort-error.js';
import { PictorError } from '../errors/pictor-error.js';

/** Throws `AbortError` when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(abortMessage(signal));
}

function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError')
    return `the call was aborted: ${reason.message}`;
  return 'the call was aborted';
}

/**
 * Settles with `promise`, or rejects with `AbortError` as soon as `signal` aborts, whichever is first.
 * The provider still receives the signal and is expected to stop its own work.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new AbortError(abortMessage(signal)));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(abortMessage(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(
          signal.aborted && !PictorError.isInstance(error)
            ? new AbortError(abortMessage(signal), { cause: error })
            : error,
        );
      },
    );
  });
}

/** Resolves after `ms`, or rejects with `AbortError` when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError(abortMessage(signal)));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(abortMessage(signal!)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
