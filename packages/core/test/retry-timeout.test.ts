import {
  AbortError,
  backoffDelay,
  createImageClient,
  InvalidRequestError,
  type ProgressEvent,
  ProviderError,
  RateLimitError,
  retry,
  TimeoutError,
  timeout,
} from '@pictor/core';
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

  it('gives up after maxRetries with the last error', async () => {
    const provider = mockProvider({ fail: new ProviderError('down', { status: 502 }) });
    const client = createImageClient({ provider, middleware: [retry({ maxRetries: 2, initialDelayMs: 1 })] });
    const error = await rejectionOf(client.generate({ prompt: 'a' }));
    expect((error as ProviderError).status).toBe(502);
    expect(provider.calls).toHaveLength(3);
  });

  it('uses the provider Retry-After, capped at maxDelayMs', async () => {
    const provider = mockProvider({ fail: [new RateLimitError('slow down', { retryAfterMs: 10_000 })] });
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider, middleware: [retry({ maxDelayMs: 30 })] });
    await client.generate({ prompt: 'a' }, { onProgress: (e) => events.push(e) });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 30 });
  });

  it('stops at once when aborted during the backoff wait', async () => {
    const provider = mockProvider({ fail: new RateLimitError('busy', { retryAfterMs: 5_000 }) });
    const client = createImageClient({
      provider,
      middleware: [retry({ maxRetries: 5, maxDelayMs: 10_000 })],
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const error = await rejectionOf(client.generate({ prompt: 'a' }, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
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
    let call = 0;
    const provider = mockProvider({
      latencyMs: 0,
      fail: () => (call++ === 0 ? new TimeoutError(10) : undefined),
    });
    const client = createImageClient({
      provider,
      middleware: [retry({ initialDelayMs: 1 }), timeout(1_000)],
    });
    const result = await client.generate({ prompt: 'a' });
    expect(result.images).toHaveLength(1);
    expect(provider.calls).toHaveLength(2);
  });

  it('passes the caller abort through as AbortError, not TimeoutError', async () => {
    const provider = mockProvider({ latencyMs: 2_000 });
    const client = createImageClient({ provider, middleware: [timeout(1_000)] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(
      AbortError.isInstance(
        await rejectionOf(client.generate({ prompt: 'a' }, { signal: controller.signal })),
      ),
    ).toBe(true);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => timeout(0)).toThrow(RangeError);
  });
});
