import { type PictorError, ProviderError, RateLimitError } from '@pictor/core';

// The AI SDK recognises its errors by `Symbol.for` markers (`AISDKError.hasMarker`), not by class,
// so an error carrying these two markers is an `APICallError` to `generateImage`'s retry loop
// without importing `@ai-sdk/provider` at run time.
const aiSdkErrorMarker = Symbol.for('vercel.ai.error');
const apiCallErrorMarker = Symbol.for('vercel.ai.error.AI_APICallError');

/**
 * A Pictor provider error seen through the AI SDK: `APICallError.isInstance(error)` is true, so
 * `generateImage` retries it exactly when `isRetryable` (from the Pictor error) is true, honouring
 * `retry-after-ms` from a `RateLimitError`. The Pictor error is `cause` and `pictorError`.
 */
export class PictorAPICallError extends Error {
  readonly [aiSdkErrorMarker] = true;
  readonly [apiCallErrorMarker] = true;
  /** A `pictor://provider/model` pseudo-URL naming what was called. */
  readonly url: string;
  /** The Pictor request as sent (image bytes replaced by their length). */
  readonly requestBodyValues: unknown;
  /** The HTTP status the Pictor error carried, if any. */
  readonly statusCode: number | undefined;
  /** `retry-after-ms` for rate limits, so the SDK waits as long as the provider asked. */
  readonly responseHeaders: Record<string, string> | undefined;
  /** The provider's redacted body, if any. */
  readonly responseBody: string | undefined;
  /** Whether the SDK should retry. */
  readonly isRetryable: boolean;
  /** The Pictor error's stable code (`rate_limit`, `provider_error`, …). */
  readonly code: string;
  /** The original Pictor error. */
  readonly pictorError: PictorError;
  readonly data: unknown;

  constructor(error: PictorError, url: string, requestBodyValues: unknown) {
    super(error.message, { cause: error });
    this.name = 'AI_APICallError';
    this.url = url;
    this.requestBodyValues = requestBodyValues;
    this.statusCode = ProviderError.isInstance(error)
      ? error.status
      : RateLimitError.isInstance(error)
        ? 429
        : undefined;
    const retryAfterMs = RateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
    this.responseHeaders =
      retryAfterMs === undefined ? undefined : { 'retry-after-ms': String(retryAfterMs) };
    this.responseBody = ProviderError.isInstance(error) ? error.body : undefined;
    this.isRetryable = error.isRetryable;
    this.code = error.code;
    this.pictorError = error;
    this.data = { code: error.code, provider: error.provider };
  }

  /** True for this class's errors and for every `APICallError` (same marker). */
  static isInstance(value: unknown): value is PictorAPICallError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[apiCallErrorMarker] === true
    );
  }
}
