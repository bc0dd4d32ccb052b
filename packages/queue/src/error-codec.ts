import {
  AbortError,
  AuthenticationError,
  ContentFilteredError,
  HallucinationCheckError,
  InvalidRequestError,
  InvalidResponseError,
  ModelLoadError,
  PictorError,
  ProviderError,
  RateLimitError,
  redactSecrets,
  TimeoutError,
  UnsupportedFeatureError,
} from '@pictor/core';

/** A Pictor error as plain JSON, for crossing a process boundary (a queued job's failure). */
export interface SerializedError {
  code: string;
  message: string;
  isRetryable: boolean;
  provider?: string;
  status?: number;
  providerCode?: string | number;
  retryAfterMs?: number;
  field?: string;
  timeoutMs?: number;
  verdicts?: readonly unknown[];
}

const PREFIX = 'pictor-error:';

/** Plain JSON for any thrown value; non-Pictor errors become `provider_error` with their message redacted. */
export function serializeError(error: unknown): SerializedError {
  if (!PictorError.isInstance(error)) {
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    return { code: 'worker_error', message, isRetryable: false };
  }
  const e = error as PictorError & Record<string, unknown>;
  const out: SerializedError = {
    code: e.code,
    message: redactSecrets(e.message),
    isRetryable: e.isRetryable,
  };
  if (e.provider !== undefined) out.provider = e.provider;
  for (const key of ['status', 'providerCode', 'retryAfterMs', 'field', 'timeoutMs'] as const)
    if (e[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = e[key];
  if (Array.isArray(e.verdicts)) out.verdicts = e.verdicts;
  return out;
}

/** The failure reason a worker gives BullMQ: a prefix and the serialized error. */
export function encodeFailure(error: unknown): string {
  return PREFIX + JSON.stringify(serializeError(error));
}

/** Rebuilds the typed error from a job's failure reason; anything unrecognised is a `ProviderError`. */
export function decodeFailure(reason: string | undefined, provider: string): PictorError {
  if (reason?.startsWith(PREFIX)) {
    try {
      return deserializeError(JSON.parse(reason.slice(PREFIX.length)) as SerializedError);
    } catch {
      // fall through
    }
  }
  return new ProviderError(`queued job failed: ${redactSecrets(reason ?? 'no reason given')}`, { provider });
}

/** The typed Pictor error for a serialized one: the same class (by `code`), message and fields. */
export function deserializeError(data: SerializedError): PictorError {
  const base = {
    ...(data.provider !== undefined ? { provider: data.provider } : {}),
    isRetryable: data.isRetryable,
  };
  const message = data.message;
  switch (data.code) {
    case InvalidRequestError.code: {
      const field = data.field ?? '';
      const prefix = `${field}: `;
      return new InvalidRequestError(
        field,
        message.startsWith(prefix) ? message.slice(prefix.length) : message,
        base,
      );
    }
    case UnsupportedFeatureError.code: {
      const field = data.field ?? '';
      const prefix = `${field}: `;
      return new UnsupportedFeatureError(
        field,
        message.startsWith(prefix) ? message.slice(prefix.length) : message,
        base,
      );
    }
    case RateLimitError.code:
      return new RateLimitError(message, {
        ...base,
        ...(data.retryAfterMs !== undefined ? { retryAfterMs: data.retryAfterMs } : {}),
      });
    case ProviderError.code:
      return new ProviderError(message, {
        ...base,
        ...(data.status !== undefined ? { status: data.status } : {}),
        ...(data.providerCode !== undefined ? { providerCode: data.providerCode } : {}),
      });
    case AuthenticationError.code:
      return new AuthenticationError(message, base);
    case InvalidResponseError.code:
      return new InvalidResponseError(message, base);
    case TimeoutError.code:
      return new TimeoutError(data.timeoutMs ?? 0, base);
    case AbortError.code:
      return new AbortError(message, base);
    case ContentFilteredError.code:
      return new ContentFilteredError(message, base);
    case ModelLoadError.code:
      return new ModelLoadError(message, base);
    case HallucinationCheckError.code:
      return new HallucinationCheckError(message, data.verdicts ?? [], base);
    default:
      return new PictorError(data.code, message, base);
  }
}
