import {
  AbortError,
  AuthenticationError,
  ContentFilteredError,
  InvalidRequestError,
  PictorError,
  ProviderError,
  RateLimitError,
} from '@pictor/core';

const apiCallErrorMarker = Symbol.for('vercel.ai.error.AI_APICallError');
const aiSdkErrorMarker = Symbol.for('vercel.ai.error');

interface APICallErrorLike {
  message: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable: boolean;
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const lower: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) lower[key.toLowerCase()] = value;
  const ms = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const text = lower['retry-after'];
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// OpenAI's moderation codes (`content_policy_violation`, `moderation_blocked`) and the safety wording of other vendors.
const CONTENT_FILTER = /content[_ ]policy|moderation_blocked|safety[_ ]system|nsfw/i;

/**
 * An error thrown by an AI SDK model → the matching typed Pictor error: 401/403 → `AuthenticationError`,
 * 429 → `RateLimitError` with `Retry-After`, a moderation refusal → `ContentFilteredError`, any
 * other `APICallError` → `ProviderError` with its status and (redacted) body, retryable as the SDK
 * judged it. An abort stays an abort; a missing API key is an `AuthenticationError`.
 */
export function mapAISDKError(error: unknown, provider: string, signal?: AbortSignal): PictorError {
  if (PictorError.isInstance(error)) return error;
  const name = (error as { name?: unknown })?.name;
  if (signal?.aborted || name === 'AbortError' || name === 'TimeoutError') {
    return new AbortError(`${provider}: the call was aborted`, { provider, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AI_LoadAPIKeyError')
    return new AuthenticationError(`${provider}: ${message}`, { provider, cause: error });
  if (name === 'AI_InvalidArgumentError' || name === 'AI_UnsupportedFunctionalityError') {
    const argument = String(
      (error as { argument?: unknown }).argument ??
        (error as { functionality?: unknown }).functionality ??
        'request',
    );
    return new InvalidRequestError(argument, message, { cause: error });
  }
  if (hasMarker(error, apiCallErrorMarker) || name === 'AI_APICallError') {
    const call = error as APICallErrorLike;
    const status = call.statusCode;
    const text = `${provider} failed${status ? ` (HTTP ${status})` : ''}: ${message}`;
    if (status === 401 || status === 403) return new AuthenticationError(text, { provider, cause: error });
    if (status === 429) {
      const wait = retryAfterMs(call.responseHeaders);
      return new RateLimitError(text, {
        provider,
        cause: error,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      });
    }
    if (status === 400 && CONTENT_FILTER.test(`${message} ${call.responseBody ?? ''}`)) {
      return new ContentFilteredError(text, { provider, cause: error });
    }
    return new ProviderError(text, {
      provider,
      cause: error,
      isRetryable: call.isRetryable,
      ...(status !== undefined ? { status } : {}),
      ...(call.responseBody !== undefined ? { body: call.responseBody } : {}),
    });
  }
  const retryable = hasMarker(error, aiSdkErrorMarker) ? false : undefined;
  return new ProviderError(`${provider} failed: ${message}`, {
    provider,
    cause: error,
    ...(retryable !== undefined ? { isRetryable: retryable } : {}),
  });
}
