import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The provider refused for now (HTTP 429 or a capacity code). Retryable; `retryAfterMs` when the provider said. */
export class RateLimitError extends PictorError {
  static readonly code = 'rate_limit';
  /** How long the provider asked to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: PictorErrorOptions & { retryAfterMs?: number } = {}) {
    super(RateLimitError.code, message, { isRetryable: true, ...options });
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(value: unknown): value is RateLimitError {
    return PictorError.hasCode(value, RateLimitError.code);
  }
}
