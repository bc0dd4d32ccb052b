import { PictorError, type PictorErrorOptions } from './pictor-error.js';
import { redactSecrets } from './redact.js';

/**
 * Code outside the provider failed: a middleware, a cache store or another hook the caller
 * supplied. It is never reported as the provider's fault. `middleware` names who failed; the
 * original error is the `cause`. Not retryable.
 */
export class MiddlewareError extends PictorError {
  static readonly code = 'middleware_error';
  /** The middleware (or hook) that failed, for example `cache` or `my-logger`. */
  readonly middleware: string;

  constructor(middleware: string, cause: unknown, options: PictorErrorOptions = {}) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(MiddlewareError.code, redactSecrets(`middleware ${middleware} failed: ${message}`), {
      cause,
      ...options,
    });
    this.name = 'MiddlewareError';
    this.middleware = middleware;
  }

  static override isInstance(value: unknown): value is MiddlewareError {
    return PictorError.hasCode(value, MiddlewareError.code);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), middleware: this.middleware };
  }
}
