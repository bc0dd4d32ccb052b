import {
  AbortError,
  createImageClient,
  InvalidRequestError,
  type ProgressEvent,
  RateLimitError,
  retry,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, type PictorWorker, queued } from '../src/index.js';
import { type RedisServer, startRedis } from './support/redis-server.js';

let server: RedisServer;
let redis: Redis;
const cleanup: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
  await redis.flushall();
});
afterAll(async () => {
  await redis.quit();
  await server.dispose();
});

async function worker(provider: ReturnType<typeof mockProvider>, name = 'q'): Promise<PictorWorker> {
  const w = await createWorker(provider, { queue: { connection: server.url, name }, lockDurationMs: 2000 });
  await w.ready();
  cleanup.push(() => w.close());
  return w;
}

function caller(provider: ReturnType<typeof mockProvider>, name = 'q') {
  const remote = queued(provider, { queue: { connection: server.url, name } });
  cleanup.push(() => remote.close());
  return remote;
}

describe('queued + createWorker', () => {
  it('runs the call on the worker and returns its images through the client', async () => {
    const local = mockProvider();
    const remote = mockProvider();
    await worker(remote);
    const client = createImageClient({ provider: caller(local) });
    const result = await client.generate({ prompt: 'a red apple', seed: 5, width: 32, height: 32 });
    expect(local.calls).toHaveLength(0);
    expect(remote.calls).toHaveLength(1);
    const direct = await createImageClient({ provider: mockProvider() }).generate({
      prompt: 'a red apple',
      seed: 5,
      width: 32,
      height: 32,
    });
    expect(Buffer.from(result.images[0]!.bytes).equals(Buffer.from(direct.images[0]!.bytes))).toBe(true);
    expect(result.images[0]).toMatchObject({ width: 32, height: 32, seed: 5 });
  });

  it('edits: image inputs travel as bytes', async () => {
    const remote = mockProvider();
    await worker(remote);
    const client = createImageClient({ provider: caller(mockProvider()) });
    const input = (
      await createImageClient({ provider: mockProvider() }).generate({
        prompt: 'x',
        seed: 1,
        width: 16,
        height: 16,
      })
    ).images[0]!.bytes;
    await client.edit({ mode: 'img2img', prompt: 'y', image: input, seed: 2 });
    const seen = remote.calls[0]!.request as { image: Uint8Array };
    expect(seen.image).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(seen.image).equals(Buffer.from(input))).toBe(true);
  });

  it('identical concurrent requests become one job and one provider call', async () => {
    const remote = mockProvider({ latencyMs: 150 });
    await worker(remote);
    const provider = caller(mockProvider());
    const client = createImageClient({ provider });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.generate({ prompt: 'one job', seed: 9 })),
    );
    expect(remote.calls).toHaveLength(1);
    for (const r of results)
      expect(Buffer.from(r.images[0]!.bytes).equals(Buffer.from(results[0]!.images[0]!.bytes))).toBe(true);
  });

  it('relays the worker’s progress events to the caller', async () => {
    const remote = mockProvider({ latencyMs: 100 });
    await worker(remote);
    const events: ProgressEvent[] = [];
    await createImageClient({ provider: caller(mockProvider()) }).generate(
      { prompt: 'steps', seed: 1, steps: 4 },
      { onProgress: (event) => events.push(event) },
    );
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.map((e) => (e as { step: number }).step)).toEqual([1, 2, 3, 4]);
  });

  it('typed errors come back typed', async () => {
    await worker(
      mockProvider({ fail: new RateLimitError('slow down', { retryAfterMs: 1234, provider: 'mock' }) }),
    );
    const error = await createImageClient({ provider: caller(mockProvider()) })
      .generate({ prompt: 'x', seed: 1 })
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'rate_limit', retryAfterMs: 1234, isRetryable: true });
  });

  it('a failed job can be retried: retry() outside the queue runs it again', async () => {
    const remote = mockProvider({ fail: [new RateLimitError('once', { retryAfterMs: 1 })] });
    await worker(remote);
    const client = createImageClient({
      provider: caller(mockProvider()),
      middleware: [retry({ maxRetries: 2 })],
    });
    const result = await client.generate({ prompt: 'again', seed: 1 });
    expect(result.images).toHaveLength(1);
    expect(remote.calls).toHaveLength(2);
  });

  it('a job for another model fails with InvalidRequestError naming both', async () => {
    await worker(mockProvider({ modelId: 'model-a' }));
    const error = await caller(mockProvider({ modelId: 'model-b' }))
      .generate({ prompt: 'x', seed: 1 }, {})
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/model-a.*model-b/);
  });

  it('abort removes a waiting job: the worker never runs it', async () => {
    const remote = mockProvider({ latencyMs: 400 });
    await worker(remote);
    const provider = caller(mockProvider());
    const busy = provider.generate({ prompt: 'first', seed: 1 }, {});
    await new Promise((r) => setTimeout(r, 100));
    const controller = new AbortController();
    const waiting = provider.generate({ prompt: 'second', seed: 1 }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(waiting).rejects.toSatisfy((e: unknown) => AbortError.isInstance(e));
    await busy;
    await new Promise((r) => setTimeout(r, 300));
    expect(remote.calls.map((c) => c.request.prompt)).toEqual(['first']);
  });

  it('abort cancels a running job: the worker’s provider sees its signal abort', async () => {
    const remote = mockProvider({ latencyMs: 5_000 });
    await worker(remote);
    const controller = new AbortController();
    const call = caller(mockProvider()).generate({ prompt: 'long', seed: 1 }, { signal: controller.signal });
    for (let i = 0; i < 100 && remote.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(remote.calls).toHaveLength(1);
    controller.abort();
    await expect(call).rejects.toSatisfy((e: unknown) => AbortError.isInstance(e));
    const signal = remote.calls[0]!.options.signal!;
    for (let i = 0; i < 100 && !signal.aborted; i++) await new Promise((r) => setTimeout(r, 20));
    expect(signal.aborted).toBe(true);
  });
});
