import {
  AuthenticationError,
  type InvalidRequestError,
  ProviderError,
  RateLimitError,
  registerSecret,
} from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { mapWorkersAIError, parseBindingError, parseRetryAfter } from './map-error.js';

const model = '@cf/x/y';

describe('parseBindingError', () => {
  it('reads the internal code from binding messages, with or without a prefix', () => {
    expect(parseBindingError('3040: Capacity temporarily exceeded')).toEqual({
      code: 3040,
      message: 'Capacity temporarily exceeded',
    });
    expect(parseBindingError('InferenceUpstreamError: 3021: rate limiting')).toEqual({
      code: 3021,
      message: 'rate limiting',
    });
    expect(parseBindingError('AiError: something broke')).toEqual({ message: 'AiError: something broke' });
  });
});

describe('mapWorkersAIError', () => {
  it('maps binding codes (no HTTP status) by the errors table', () => {
    expect(RateLimitError.isInstance(mapWorkersAIError({ code: 3040, message: 'busy', model }))).toBe(true);
    expect(RateLimitError.isInstance(mapWorkersAIError({ code: 4006, message: 'daily', model }))).toBe(true);
    expect(AuthenticationError.isInstance(mapWorkersAIError({ code: 3023, message: 'blocked', model }))).toBe(
      true,
    );
    const timeout = mapWorkersAIError({ code: 3007, message: 'timeout', model }) as ProviderError;
    expect([timeout.status, timeout.isRetryable]).toEqual([408, true]);
    const unknown = mapWorkersAIError({ message: 'weird', model });
    expect([ProviderError.isInstance(unknown), unknown.isRetryable]).toEqual([true, false]);
    const tooLarge = mapWorkersAIError({ code: 3006, message: 'too large', model }) as InvalidRequestError;
    expect(tooLarge.field).toBe('request');
  });

  it('names the field of a 5006 from the schema path', () => {
    const error = mapWorkersAIError({
      status: 400,
      code: 5006,
      message: "Additional or unevaluated properties '/width, /height' at '/' not allowed",
      model,
    });
    expect((error as InvalidRequestError).field).toBe('width');
  });

  it('redacts registered secrets from messages and bodies', () => {
    registerSecret('super-secret-token-xyz');
    const error = mapWorkersAIError({
      status: 500,
      message: 'echo super-secret-token-xyz',
      body: '{"t":"super-secret-token-xyz"}',
      model,
    }) as ProviderError;
    expect(error.message).not.toContain('super-secret-token-xyz');
    expect(error.body).not.toContain('super-secret-token-xyz');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.25')).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('negative, garbage or a bare number Date.parse would take as a year is undefined (retry backs off)', () => {
    for (const bad of ['-5', '-0.5', '1e3', 'Infinity', 'NaN', '-5 ', '2026', ' ', '0x10', '+3', '12abc']) {
      // '2026' is delay-seconds; every other value here must not parse.
      if (bad === '2026') expect(parseRetryAfter(bad)).toBe(2_026_000);
      else expect(parseRetryAfter(bad), bad).toBeUndefined();
    }
  });
});
