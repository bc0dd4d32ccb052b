import {
  AbortError,
  backoffDelay,
  createImageClient,
  type ImageProvider,
  InvalidRequestError,
  type ProgressEvent,
  ProviderError,
  RateLimitError,
  RetryError,
  retry,
  TimeoutError,
  timeout,
  wrapProvider,
} from '@pictor/core';
import { sleep } from '@pictor/core/internal';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from './helpers.js';

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and applies jitter', () => {
    const opts = { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, undefined, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(2, opts, undefined, () => 1)).toBe(100);
    expect(backoffDelay(2, opts, undefined, () => 0.5)).toBe(150);
  });
  it('honours Retry-After but caps it', () => {
    expect(backoffDelay(1, { maxDelayMs: 1000 }, 250)).toBe(250);
    expect(backoffDelay(1, { maxDelayMs: 1000 }, 60_000)).toBe(1000);
  });
});

describe('retry', () => {
  it('retries retryable errors and succeeds', async () => {
    const provider = mockProvider({
      fail: [new RateLimitError('busy'), new ProviderError('oops', { status: 503 })],
    });
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider, middleware: [retry({ maxRetries: 3, initialDelayMs: 1 })] });
    const result = await client.generate({ prompt: 'a' }, { onProgress: (e) => events.push(e) });
    expect(result.images).toHaveLength(1);
    expect(provider.calls).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { attempt: number }).attempt)).toEqual([
      1, 2,
    ]);
  });

  it('does not retry errors that are not retryable', async () => {
    const provider = mockProvider({ fail: new ProviderError('bad request', { status: 400 }) });
    const client = createImageClient({ provider, middleware: [retry({ maxRetries: 3, initialDelayMs: 1 })] });
    const error = await rejectionOf(client.generate({ prompt: 'a' }));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(provider.calls).toHaveLength(1);
  });

  it('gives up after maxRetries with a RetryError listing each attempt', async () => {
    const provider = mockProvider({
      fail: [
        new RateLimitError('busy', { retryAfterMs: 7 }),
        new ProviderError('down', { status: 503 }),
        new ProviderError('down', { status: 502 }),
      ],
    });
    const client = createImageClient({
      provider,
      middleware: [retry({ maxRetries: 2, initialDelayMs: 1, jitter: 0 })],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a' }));
    expect(RetryError.isInstance(error)).toBe(true);
    const retryError = error as RetryError;
    expect(retryError.attempts).toEqual([
      { attempt: 1, code: 'rate_limit', delayMs: 7 },
      { attempt: 2, code: 'provider_error', status: 503, delayMs: 2 },
      { attempt: 3, code: 'provider_error', status: 502 },
    ]);
    expect((retryError.lastError as ProviderError).status).toBe(502);
    expect(retryError.cause).toBe(retryError.lastError);
    expect(retryError.isRetryable).toBe(false);
    expect(provider.calls).toHaveLength(3);
  });

  it('takes a per-call maxRetries over the middleware’s', async () => {
    const failing = () => mockProvider({ fail: new ProviderError('down', { status: 502 }) });
    const one = failing();
    const client = createImageClient({
      provider: one,
      middleware: [retry({ maxRetries: 5, initialDelayMs: 1 })],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a' }, { maxRetries: 1 }));
    expect(one.calls).toHaveLength(2);
    expect((error as RetryError).attempts).toHaveLength(2);
    const none = failing();
    const noRetry = createImageClient({
      provider: none,
      middleware: [retry({ maxRetries: 5, initialDelayMs: 1 })],
    });
    const plain = await rejectionOf(noRetry.generate({ prompt: 'a' }, { maxRetries: 0 }));
    expect(ProviderError.isInstance(plain)).toBe(true);
    expect(none.calls).toHaveLength(1);
    const bad = await rejectionOf(noRetry.generate({ prompt: 'a' }, { maxRetries: -1 }));
    expect(bad).toMatchObject({ code: 'invalid_request', field: 'options.maxRetries' });
    expect(none.calls).toHaveLength(1);
  });

  it('uses the provider Retry-After, capped at maxDelayMs', async () => {
    const provider = mockProvider({ fail: [new RateLimitError('slow down', { retryAfterMs: 10_000 })] });
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider, middleware: [retry({ maxDelayMs: 30 })] });
    await client.generate({ prompt: 'a' }, { onProgress: (e) => events.push(e) });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 30 });
  });

  it('stops at once when aborted during the backoff wait (the middleware itself, not the client race)', async () => {
    const provider = mockProvider({ fail: new RateLimitError('busy', { retryAfterMs: 300 }) });
    // Called through wrapProvider, so no client races the abort: only retry's own handling counts.
    const wrapped = wrapProvider(provider, retry({ maxRetries: 5, maxDelayMs: 10_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const error = await rejectionOf(
      wrapped.generate({ prompt: 'a', seed: 1 }, { signal: controller.signal }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(250);
    // Past the Retry-After: a retry that ignored the abort would have called again by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(provider.calls).toHaveLength(1);
  });

  it('never retries invalid requests (they fail before the chain)', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [retry()] });
    expect(InvalidRequestError.isInstance(await rejectionOf(client.generate({ prompt: '' })))).toBe(true);
    expect(provider.calls).toHaveLength(0);
  });
});

describe('timeout', () => {
  it('fails a slow call with a retryable TimeoutError and aborts the work inside', async () => {
    const provider = mockProvider({ latencyMs: 2_000 });
    const client = createImageClient({ provider, middleware: [timeout(50)] });
    const error = await rejectionOf(client.generate({ prompt: 'a' }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).isRetryable).toBe(true);
    expect(provider.calls[0]!.options.signal?.aborted).toBe(true);
  });

  it('inside retry, limits each attempt', async () => {
    // The first attempt hangs for 5 s unless aborted; later ones answer at once.
    const base = mockProvider();
    const signals: (AbortSignal | undefined)[] = [];
    const provider: ImageProvider = {
      ...base,
      generate: async (request, options) => {
        signals.push(options.signal);
        if (signals.length === 1) await sleep(5_000, options.signal);
        return base.generate(request, options);
      },
    };
    const client = createImageClient({
      provider,
      middleware: [retry({ initialDelayMs: 1 }), timeout(50)],
    });
    const started = performance.now();
    const result = await client.generate({ prompt: 'a' });
    expect(result.images).toHaveLength(1);
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('passes the caller abort through as AbortError, not TimeoutError, and stops the work', async () => {
    const provider = mockProvider({ latencyMs: 2_000 });
    // Through wrapProvider: no client race, so the error and its timing are timeout's own.
    const wrapped = wrapProvider(provider, timeout(1_000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const error = await rejectionOf(
      wrapped.generate({ prompt: 'a', seed: 1 }, { signal: controller.signal }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(TimeoutError.isInstance(error)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(provider.calls[0]!.options.signal?.aborted).toBe(true);
  });

  it('its own TimeoutError comes from the middleware, with the work inside aborted', async () => {
    const provider = mockProvider({ latencyMs: 2_000 });
    const wrapped = wrapProvider(provider, timeout(40));
    const started = performance.now();
    const error = await rejectionOf(wrapped.generate({ prompt: 'a', seed: 1 }, {}));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(40);
    expect(performance.now() - started).toBeLessThan(500);
    expect(provider.calls[0]!.options.signal?.aborted).toBe(true);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => timeout(0)).toThrow(RangeError);
  });
});
