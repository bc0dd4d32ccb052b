import { describe, expect, it, vi } from 'vitest';

describe('errors', () => {
  it('isInstance works across two copies of the package', async () => {
    const one = await import('../src/errors/index.js');
    // A fresh module registry loads every file again: a second copy of every class, as with two installs.
    vi.resetModules();
    const two = (await import('../src/errors/index.js')) as typeof one;
    expect(two.RateLimitError).not.toBe(one.RateLimitError);
    const error = new two.RateLimitError('busy', { retryAfterMs: 100 });
    expect(error instanceof one.RateLimitError).toBe(false);
    expect(one.PictorError.isInstance(error)).toBe(true);
    expect(one.RateLimitError.isInstance(error)).toBe(true);
    expect(one.AuthenticationError.isInstance(error)).toBe(false);
    expect(one.PictorError.isInstance(new Error('plain'))).toBe(false);
    expect(one.PictorError.isInstance({ code: 'rate_limit' })).toBe(false);
  });

  it('carries stable codes and retry judgement', async () => {
    const e = await import('@pictor/core');
    const cases: [InstanceType<typeof e.PictorError>, string, boolean][] = [
      [new e.InvalidRequestError('width', 'bad'), 'invalid_request', false],
      [new e.UnsupportedFeatureError('seed', 'no'), 'unsupported_feature', false],
      [new e.AuthenticationError('no'), 'authentication', false],
      [new e.RateLimitError('busy'), 'rate_limit', true],
      [new e.ProviderError('x', { status: 503 }), 'provider_error', true],
      [new e.ProviderError('x', { status: 408 }), 'provider_error', true],
      [new e.ProviderError('x', { status: 400 }), 'provider_error', false],
      [new e.InvalidResponseError('x'), 'invalid_response', false],
      [new e.TimeoutError(10), 'timeout', true],
      [new e.AbortError(), 'aborted', false],
      [new e.ContentFilteredError('x'), 'content_filtered', false],
      [new e.ModelLoadError('x'), 'model_load', false],
      [new e.HallucinationCheckError('x', [{ verdict: 'fail' }]), 'hallucination_check', false],
    ];
    for (const [error, code, retryable] of cases) {
      expect(error.code).toBe(code);
      expect(error.isRetryable).toBe(retryable);
      expect(error).toBeInstanceOf(Error);
      expect(e.PictorError.isInstance(error)).toBe(true);
    }
    expect(new e.InvalidRequestError('width', 'must be positive').message).toBe('width: must be positive');
  });

  it('ProviderError redacts credentials in bodies and caps their size', async () => {
    const { ProviderError, registerSecret } = await import('@pictor/core');
    registerSecret('super-secret-value-123');
    const error = new ProviderError('x', {
      status: 500,
      body: `{"authorization":"Bearer abcdefghijkl","api_token":"zzz-token-zzz","echo":"super-secret-value-123","pad":"${'y'.repeat(5000)}"}`,
    });
    expect(error.body).not.toContain('abcdefghijkl');
    expect(error.body).not.toContain('zzz-token-zzz');
    expect(error.body).not.toContain('super-secret-value-123');
    expect(error.body!.length).toBeLessThanOrEqual(2048);
  });
});
