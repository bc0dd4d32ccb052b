import { PictorError, type PictorErrorOptions } from './pictor-error.js';
import { redactSecrets } from './redact.js';

/** The provider failed. Retryable for 5xx and 408; `body` is redacted and cut to 2 KiB. */
export class ProviderError extends PictorError {
  static readonly code = 'provider_error';
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  /** The provider's own error code, when it gave one (for example Workers AI `5006`). */
  readonly providerCode: string | number | undefined;
  /** The response body, secrets redacted, at most 2 KiB. */
  readonly body: string | undefined;

  constructor(
    message: string,
    options: PictorErrorOptions & { status?: number; providerCode?: string | number; body?: string } = {},
  ) {
    const status = options.status;
    super(ProviderError.code, message, {
      isRetryable: status !== undefined && (status >= 500 || status === 408),
      ...options,
    });
    this.name = 'ProviderError';
    this.status = status;
    this.providerCode = options.providerCode;
    this.body = options.body === undefined ? undefined : redactSecrets(options.body).slice(0, 2048);
  }

  static override isInstance(value: unknown): value is ProviderError {
    return PictorError.hasCode(value, ProviderError.code);
  }
}
