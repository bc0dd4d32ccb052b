import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cache,
  concurrency,
  createImageClient,
  events,
  fallback,
  InvalidRequestError,
  memoryStore,
  ProviderError,
  registerSecret,
  wrapProvider,
} from '@pictor/core';
import { fileStore } from '@pictor/core/node';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

describe('cache', () => {
  it('answers an identical call from the store, keyed by provider, model and request', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [cache()] });
    const first = await client.generate({ prompt: 'a red apple', seed: 3 });
    const second = await client.generate({ seed: 3, prompt: 'a red apple' });
    expect(provider.calls).toHaveLength(1);
    expect(second.images[0]!.bytes).toEqual(first.images[0]!.bytes);
    expect(second.images[0]!.annotations.cache).toMatchObject({ hit: true });
    await client.generate({ prompt: 'a red apple', seed: 4 });
    expect(provider.calls).toHaveLength(2);
    // The same store behind another model: the model is part of the key, so it misses.
    const store = memoryStore();
    const otherProvider = mockProvider({ modelId: 'other' });
    await createImageClient({ provider, middleware: [cache({ store })] }).generate({ prompt: 'k', seed: 3 });
    const other = createImageClient({ provider: otherProvider, middleware: [cache({ store })] });
    const miss = await other.generate({ prompt: 'k', seed: 3 });
    expect(otherProvider.calls).toHaveLength(1);
    expect(miss.images[0]!.annotations.cache).toMatchObject({ hit: false });
    expect(store.size).toBe(2);
  });

  it('keys edits by the bytes of their images', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [cache()] });
    const a = await solidPng(8, 8, [1, 2, 3]);
    const b = await solidPng(8, 8, [4, 5, 6]);
    await client.edit({ mode: 'img2img', prompt: 'x', image: a, seed: 1 });
    await client.edit({ mode: 'img2img', prompt: 'x', image: a.slice(), seed: 1 });
    await client.edit({ mode: 'img2img', prompt: 'x', image: b, seed: 1 });
    expect(provider.calls).toHaveLength(2);
  });

  it('expires entries after ttlMs', async () => {
    let now = 1_000;
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [cache({ ttlMs: 100, now: () => now })] });
    await client.generate({ prompt: 'a', seed: 1 });
    now += 50;
    await client.generate({ prompt: 'a', seed: 1 });
    now += 100;
    await client.generate({ prompt: 'a', seed: 1 });
    expect(provider.calls).toHaveLength(2);
  });

  it('memoryStore evicts the least recently used entry', async () => {
    const store = memoryStore({ maxEntries: 2 });
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [cache({ store })] });
    for (const seed of [1, 2, 1, 3, 1]) await client.generate({ prompt: 'a', seed });
    expect(store.size).toBe(2);
    expect(provider.calls.map((c) => c.request.seed)).toEqual([1, 2, 3]);
  });

  it('fileStore persists across clients, writes atomically and treats corrupt files as misses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictor-cache-'));
    const provider = mockProvider();
    const one = createImageClient({ provider, middleware: [cache({ store: fileStore(dir) })] });
    await Promise.all([1, 2, 3, 4].map((seed) => one.generate({ prompt: 'a', seed })));
    const two = createImageClient({ provider, middleware: [cache({ store: fileStore(dir) })] });
    const hit = await two.generate({ prompt: 'a', seed: 2 });
    expect(hit.images[0]!.annotations.cache).toMatchObject({ hit: true });
    expect(provider.calls).toHaveLength(4);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toHaveLength(4);
    for (const file of files) writeFileSync(join(dir, file), '{"version":1, truncated');
    await two.generate({ prompt: 'a', seed: 2 });
    expect(provider.calls).toHaveLength(5);
  });
});

describe('concurrency', () => {
  it('limits calls in flight and queues the rest in order', async () => {
    const provider = mockProvider({ latencyMs: 30 });
    const limit = concurrency(2);
    const client = createImageClient({ provider, middleware: [limit] });
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, provider.inFlight);
    }, 2);
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.generate({ prompt: 'a', seed: i })));
    clearInterval(timer);
    expect(peak).toBe(2);
    expect(provider.calls).toHaveLength(6);
    expect(limit.inFlight).toBe(0);
  });

  it('removes an aborted waiter from the queue at once (the middleware itself, not the client race)', async () => {
    const provider = mockProvider({ latencyMs: 200 });
    const limit = concurrency(1);
    const wrapped = wrapProvider(provider, limit);
    const controller = new AbortController();
    const first = wrapped.generate({ prompt: 'a', seed: 1 }, {});
    const second = wrapped.generate({ prompt: 'b', seed: 1 }, { signal: controller.signal });
    let settledAt = Number.POSITIVE_INFINITY;
    const started = performance.now();
    const secondError = second.catch((error: unknown) => {
      settledAt = performance.now() - started;
      return error;
    });
    controller.abort();
    expect(await secondError).toMatchObject({ code: 'aborted' });
    // Rejected while the first call still held the slot, not when it was freed.
    expect(settledAt).toBeLessThan(150);
    await first;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(provider.calls).toHaveLength(1);
    expect(limit.inFlight).toBe(0);
  });
});

describe('fallback', () => {
  it('tries providers in order and records which answered', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 503 }) });
    const second = mockProvider({
      provider: 'second',
      fail: new ProviderError('also down', { status: 500 }),
    });
    const third = mockProvider({ provider: 'third' });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [second, third] })],
    });
    const result = await client.generate({ prompt: 'a' });
    expect(result.providerMetadata?.fallback).toMatchObject({
      answeredBy: { provider: 'third' },
      attempts: [
        { provider: 'primary', error: 'provider_error' },
        { provider: 'second' },
        { provider: 'third' },
      ],
    });
    expect(result.warnings.some((w) => w.type === 'other' && w.message.includes('third'))).toBe(true);
  });

  it('does not fall back on invalid requests', async () => {
    const primary = mockProvider({ fail: new InvalidRequestError('prompt', 'rejected by provider') });
    const backup = mockProvider();
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    expect(InvalidRequestError.isInstance(await rejectionOf(client.generate({ prompt: 'a' })))).toBe(true);
    expect(backup.calls).toHaveLength(0);
  });
});

describe('events', () => {
  it('reports start and end with a request summary that omits the prompt by default', async () => {
    const seen: unknown[] = [];
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [
        events({
          onStart: (e) => seen.push(['start', e.request]),
          onEnd: (e) => seen.push(['end', e.images]),
        }),
      ],
    });
    await client.generate({ prompt: 'my private prompt', seed: 5, n: 2 });
    expect(seen).toEqual([
      ['start', expect.objectContaining({ seed: 5, n: 2, provider: 'mock' })],
      ['end', 2],
    ]);
    expect(JSON.stringify(seen)).not.toContain('private');
  });

  it('redacts secrets from error events, and a throwing hook breaks nothing', async () => {
    const token = 'cf-test-token-abcdefghijklmnop';
    registerSecret(token);
    const errors: { message: string; code: string }[] = [];
    const client = createImageClient({
      provider: mockProvider({
        fail: new ProviderError(`request with Bearer ${token} failed`, { status: 401 }),
      }),
      middleware: [
        events({
          onStart: () => {
            throw new Error('observer bug');
          },
          onError: (e) => errors.push(e),
        }),
      ],
    });
    await rejectionOf(client.generate({ prompt: 'a' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('provider_error');
    expect(errors[0]!.message).not.toContain(token);
    expect(errors[0]!.message).toContain('[REDACTED]');
  });
});
