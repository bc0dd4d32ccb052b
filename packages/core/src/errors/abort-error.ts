import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The caller aborted the call through its `AbortSignal`. Never retried. */
export class AbortError extends PictorError {
  static readonly code = 'aborted';

  constructor(message = 'the call was aborted', options: PictorErrorOptions = {}) {
    super(AbortError.code, message, { ...options, isRetryable: false });
    this.name = 'AbortError';
  }

  static override isInstance(value: unknown): value is AbortError {
    return PictorError.hasCode(value, AbortError.code);
  }
}
