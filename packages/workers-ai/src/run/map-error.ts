import {
  AuthenticationError,
  InvalidRequestError,
  type PictorError,
  ProviderError,
  RateLimitError,
  redactSecrets,
} from '@pictor/core';

/** What is known about a failed Workers AI call. */
export interface WorkersAIFailure {
  /** HTTP status (REST); absent for binding errors. */
  status?: number;
  /** Cloudflare's internal error code (`errors[0].code`, or the `"3040: …"` prefix of a binding error). */
  code?: number;
  /** The provider's message. */
  message: string;
  /** From `Retry-After`, when the response had one. */
  retryAfterMs?: number;
  /** The raw body, for `ProviderError.body` (redacted there). */
  body?: string;
  /** The model that was called. */
  model: string;
  /** Whether the call went through AI Gateway with a multipart body (the known FLUX.2 failure). */
  multipartThroughGateway?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

const PROVIDER = 'workers-ai';
const RATE_LIMIT_CODES = new Set([3040, 3021, 4006]);
const BAD_INPUT_CODES = new Set([5006, 5004, 3003, 8006, 7003]);
const AUTH_CODES = new Set([10000, 9109, 5018, 3041, 3023]);

/** The HTTP status a binding error code stands for (Cloudflare's errors table). */
export const STATUS_OF_CODE: Readonly<Record<number, number>> = {
  5007: 400,
  5004: 400,
  5006: 400,
  3039: 400,
  3003: 400,
  8006: 400,
  7003: 400,
  5018: 403,
  3041: 403,
  5016: 403,
  3023: 403,
  5035: 403,
  5019: 405,
  5005: 405,
  3042: 404,
  3006: 413,
  3007: 408,
  3008: 408,
  3036: 429,
  3040: 429,
  3021: 429,
  4006: 429,
  7000: 500,
};

/** The field a schema message points at: `'/seed'` → `seed`, `'/width, /height'` → `width`. */
function fieldOf(message: string): string {
  const match = /'\/([A-Za-z0-9_]+)/.exec(message);
  return match?.[1] ?? 'request';
}

function msUntilUtcMidnight(now = Date.now()): number {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return next.getTime() - now;
}

/**
 * Turns a Workers AI failure into the matching Pictor error. The token never appears: messages and
 * bodies pass through `redactSecrets`.
 */
export function mapWorkersAIError(failure: WorkersAIFailure): PictorError {
  const code = failure.code;
  const status = failure.status ?? (code === undefined ? undefined : STATUS_OF_CODE[code]);
  const message = redactSecrets(failure.message).slice(0, 1000);
  const where = `${failure.model}${code === undefined ? '' : ` (code ${code})`}`;
  const base = { provider: PROVIDER, cause: failure.cause };
  if (
    failure.multipartThroughGateway &&
    (code === 7000 || status === 500 || /ReadableStream/i.test(message))
  ) {
    return new ProviderError(
      `${where}: multipart (FLUX.2) requests fail through AI Gateway (a known Cloudflare issue, cloudflare-docs #33336); call this model without a gateway. Provider said: ${message}`,
      {
        ...base,
        ...(status === undefined ? {} : { status }),
        ...(code === undefined ? {} : { providerCode: code }),
        isRetryable: false,
      },
    );
  }
  if (code === 3036) {
    return new RateLimitError(
      `${where}: the account's daily free allocation (10,000 neurons) is used up; it resets at 00:00 UTC, or upgrade to Workers Paid. Provider said: ${message}`,
      { ...base, retryAfterMs: msUntilUtcMidnight(), isRetryable: false },
    );
  }
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return new RateLimitError(`${where}: rate limited or out of capacity: ${message}`, {
      ...base,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    });
  }
  if (code === 5035) {
    return new AuthenticationError(
      `${where}: this model needs the Workers Paid plan. Provider said: ${message}`,
      base,
    );
  }
  if (code === 5016) {
    return new AuthenticationError(
      `${where}: the model's licence has not been accepted for this account; send the prompt "agree" once (workersAIVision does this for you). Provider said: ${message}`,
      base,
    );
  }
  if (status === 401 || status === 403 || (code !== undefined && AUTH_CODES.has(code))) {
    return new AuthenticationError(
      `${where}: authentication failed (HTTP ${status ?? '?'}); the API token needs the "Workers AI Read" permission for this account. Provider said: ${message}`,
      base,
    );
  }
  if (code === 5007 || code === 3042) {
    return new InvalidRequestError(
      'modelId',
      `${failure.model} is not a Workers AI model this account can run: ${message}`,
      base,
    );
  }
  if (code === 3006 || status === 413) {
    return new InvalidRequestError('request', `is too large for ${failure.model}: ${message}`, base);
  }
  if (code !== undefined && BAD_INPUT_CODES.has(code)) {
    return new InvalidRequestError(
      fieldOf(message),
      `${failure.model} rejected the input (code ${code}): ${message}`,
      base,
    );
  }
  return new ProviderError(
    `${where} failed${status === undefined ? '' : ` with HTTP ${status}`}: ${message}`,
    {
      ...base,
      ...(status === undefined ? {} : { status }),
      ...(code === undefined ? {} : { providerCode: code }),
      ...(failure.body === undefined ? {} : { body: failure.body }),
      ...(status === undefined && code === undefined ? { isRetryable: false } : {}),
    },
  );
}

const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*, /;

/**
 * Reads `Retry-After` (RFC 9110: delay-seconds, digits — a decimal fraction is tolerated — or an
 * HTTP-date) into milliseconds. Anything else — negative, exponent notation, garbage, a bare year that `Date.parse` would take — is
 * undefined, so retry falls back to its own backoff instead of retrying at once.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d{1,10}(?:\.\d{1,6})?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Parses a binding error message such as `InferenceUpstreamError: 3040: Capacity temporarily exceeded`. */
export function parseBindingError(message: string): { code?: number; message: string } {
  const match = /(?:^|\s|:)(\d{4,5}):\s*(.*)$/s.exec(message);
  if (!match) return { message };
  return { code: Number(match[1]), message: match[2]?.trim() || message };
}
