import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The call took longer than its time limit. Retryable. */
export class TimeoutError extends PictorError {
  static readonly code = 'timeout';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options: PictorErrorOptions = {}) {
    super(TimeoutError.code, `timed out after ${timeoutMs} ms`, { isRetryable: true, ...options });
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(value: unknown): value is TimeoutError {
    return PictorError.hasCode(value, TimeoutError.code);
  }
}
