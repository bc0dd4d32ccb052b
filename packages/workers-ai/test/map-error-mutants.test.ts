// mapWorkersAIError: the exact error, message, status, provider code and retry judgement for each
// row of Cloudflare's errors table, by HTTP status and by internal code. Written against mutants
// that survived `pnpm mutation --mutate packages/workers-ai/src/run/map-error.ts`.
import {
  AuthenticationError,
  InvalidRequestError,
  type PictorError,
  ProviderError,
  RateLimitError,
} from '@pictor/core';
import { mapWorkersAIError, parseBindingError } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';

const model = '@cf/x/y';
const map = (failure: Partial<Parameters<typeof mapWorkersAIError>[0]>): PictorError =>
  mapWorkersAIError({ message: 'said', model, ...failure });

describe('mapWorkersAIError', () => {
  it('an unknown failure: a ProviderError naming the model, status and code only when known', () => {
    const bare = map({}) as ProviderError;
    expect(ProviderError.isInstance(bare)).toBe(true);
    expect(bare.message).toBe('@cf/x/y failed: said');
    expect([bare.status, bare.providerCode, bare.isRetryable]).toEqual([undefined, undefined, false]);
    const http = map({ status: 502, body: 'raw body' }) as ProviderError;
    expect(http.message).toBe('@cf/x/y failed with HTTP 502: said');
    expect([http.status, http.providerCode, http.body, http.isRetryable]).toEqual([
      502,
      undefined,
      'raw body',
      true,
    ]);
    const coded = map({ code: 9999 }) as ProviderError;
    expect(coded.message).toBe('@cf/x/y (code 9999) failed: said');
    expect([coded.status, coded.providerCode]).toEqual([undefined, 9999]);
    const table = map({ code: 7000 }) as ProviderError;
    expect(table.message).toBe('@cf/x/y (code 7000) failed with HTTP 500: said');
    expect(table.status).toBe(500);
    expect(map({ status: 503, code: 7000 })).toMatchObject({ status: 503 });
    expect(map({ message: 'x'.repeat(2000) }).message).toHaveLength('@cf/x/y failed: '.length + 1000);
  });

  it('rate limits: 429, or codes 3040, 3021, 4006, with Retry-After when given', () => {
    for (const failure of [{ status: 429 }, { code: 3040 }, { code: 3021 }, { code: 4006 }]) {
      const error = map(failure) as RateLimitError;
      expect(RateLimitError.isInstance(error), JSON.stringify(failure)).toBe(true);
      expect(error.isRetryable).toBe(true);
      expect(error.message).toContain('rate limited or out of capacity: said');
      expect(error.retryAfterMs).toBeUndefined();
    }
    expect((map({ status: 429, retryAfterMs: 1500 }) as RateLimitError).retryAfterMs).toBe(1500);
    expect(RateLimitError.isInstance(map({ status: 500, code: 1234 }))).toBe(false);
  });

  it('3036: the daily allocation, not retryable, waiting until 00:00 UTC', () => {
    // The clock is read before the call: the error computes its wait from a later (or equal) instant.
    const now = Date.now();
    const error = map({ code: 3036 }) as RateLimitError;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('daily free allocation (10,000 neurons)');
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(midnight.getTime() - now);
    expect(error.retryAfterMs).toBeGreaterThan(midnight.getTime() - now - 60_000);
  });

  it('authentication: 401, 403, the auth codes, the paid plan and the licence', () => {
    for (const failure of [
      { status: 401 },
      { status: 403 },
      { code: 10000 },
      { code: 9109 },
      { code: 5018 },
      { code: 3041 },
      { code: 3023 },
    ]) {
      const error = map(failure);
      expect(AuthenticationError.isInstance(error), JSON.stringify(failure)).toBe(true);
      expect(error.message).toContain('authentication failed (HTTP');
    }
    expect(map({ status: 401 }).message).toContain('(HTTP 401)');
    expect(map({ code: 9109 }).message).toContain('(HTTP ?)');
    expect(map({ code: 5018 }).message).toContain('(HTTP 403)');
    const paid = map({ code: 5035 });
    expect(AuthenticationError.isInstance(paid)).toBe(true);
    expect(paid.message).toBe(
      '@cf/x/y (code 5035): this model needs the Workers Paid plan. Provider said: said',
    );
    const licence = map({ code: 5016 });
    expect(AuthenticationError.isInstance(licence)).toBe(true);
    expect(licence.message).toContain('licence has not been accepted');
  });

  it('an unknown model, a body too large, and rejected inputs name their field', () => {
    for (const code of [5007, 3042]) {
      const error = map({ code }) as InvalidRequestError;
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error.field).toBe('modelId');
      expect(error.message).toContain('@cf/x/y is not a Workers AI model this account can run: said');
    }
    for (const failure of [{ code: 3006 }, { status: 413 }]) {
      const error = map(failure) as InvalidRequestError;
      expect(error.field).toBe('request');
      expect(error.message).toContain('is too large for @cf/x/y: said');
    }
    const seed = map({ code: 5006, message: "Type mismatch of '/seed', 'string' not in 'integer'" });
    expect(seed).toMatchObject({ code: 'invalid_request', field: 'seed' });
    expect(seed.message).toContain('@cf/x/y rejected the input (code 5006)');
    expect(map({ code: 5004, message: 'no path here' })).toMatchObject({ field: 'request' });
    for (const code of [3003, 8006, 7003]) expect(map({ code })).toMatchObject({ code: 'invalid_request' });
    expect(map({ code: 5005 })).toMatchObject({ code: 'provider_error', status: 405 });
  });

  it('the FLUX.2 multipart-through-gateway failure, only for a multipart body through a gateway', () => {
    for (const failure of [{ code: 7000 }, { status: 500 }, { message: 'ReadableStream is not supported' }]) {
      const error = map({ ...failure, multipartThroughGateway: true }) as ProviderError;
      expect(error.message, JSON.stringify(failure)).toContain(
        'multipart (FLUX.2) requests fail through AI Gateway',
      );
      expect(error.isRetryable).toBe(false);
    }
    const coded = map({ code: 7000, multipartThroughGateway: true }) as ProviderError;
    expect([coded.status, coded.providerCode]).toEqual([500, 7000]);
    const statusOnly = map({ status: 500, multipartThroughGateway: true }) as ProviderError;
    expect([statusOnly.status, statusOnly.providerCode]).toEqual([500, undefined]);
    const readable = map({ message: 'ReadableStream', multipartThroughGateway: true }) as ProviderError;
    expect([readable.status, readable.providerCode]).toEqual([undefined, undefined]);
    expect(map({ status: 400, multipartThroughGateway: true }).message).not.toContain('multipart');
    expect(map({ code: 7000 }).message).not.toContain('multipart');
  });

  it('keeps the cause', () => {
    const cause = new Error('original');
    expect(map({ code: 3040, cause }).cause).toBe(cause);
    expect(map({ status: 502, cause }).cause).toBe(cause);
  });
});

describe('parseBindingError', () => {
  it('a code with an empty message keeps the whole text', () => {
    expect(parseBindingError('3040:')).toEqual({ code: 3040, message: '3040:' });
    expect(parseBindingError('error 12: short code')).toEqual({ message: 'error 12: short code' });
  });
});
