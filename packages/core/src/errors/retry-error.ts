import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** One failed attempt of a retried call. */
export interface RetryAttempt {
  /** 1-based attempt number. */
  attempt: number;
  /** The attempt's error code (`rate_limit`, `provider_error`…). */
  code: string;
  /** The HTTP status, when the error had one. */
  status?: number;
  /** How long `retry()` waited after this attempt before the next, ms (absent for the last). */
  delayMs?: number;
}

/**
 * `retry()` ran out of attempts: every attempt failed with a retryable error. `attempts` lists each
 * one (code, status, the delay that followed); `lastError` (also the `cause`) is the final failure.
 * Not retryable itself, so an outer `retry()` does not multiply the attempts.
 */
export class RetryError extends PictorError {
  static readonly code = 'retries_exhausted';
  /** Every attempt, in order. */
  readonly attempts: readonly RetryAttempt[];
  /** The last attempt's error. */
  readonly lastError: unknown;

  constructor(attempts: readonly RetryAttempt[], lastError: unknown, options: PictorErrorOptions = {}) {
    const last = attempts.at(-1);
    const message = lastError instanceof Error ? lastError.message : String(lastError);
    super(
      RetryError.code,
      `gave up after ${attempts.length} attempts (last: ${last?.code ?? 'error'}: ${message})`,
      { cause: lastError, ...options, isRetryable: false },
    );
    this.name = 'RetryError';
    this.attempts = attempts;
    this.lastError = lastError;
  }

  static override isInstance(value: unknown): value is RetryError {
    return PictorError.hasCode(value, RetryError.code);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), attempts: this.attempts };
  }
}
