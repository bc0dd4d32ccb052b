import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createImageClient, RateLimitError } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedConcurrency, sharedRateLimit } from '../src/index.js';
import { type RedisServer, startRedis } from './support/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.dispose();
});

const script = fileURLToPath(new URL('./support/app-process.ts', import.meta.url));

function app(args: (string | number)[]): Promise<{ starts: number[]; ends: number[] }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@pictor/source', '--import', 'tsx', script, server.url, ...args.map(String)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`app process exited with ${code}`));
      const lines = out.trim().split('\n');
      const times = (kind: string) =>
        lines.filter((l) => l.startsWith(kind)).map((l) => Number(l.split(' ')[1]));
      resolve({ starts: times('start'), ends: times('end') });
    });
  });
}

describe('limits shared by processes through one Redis', () => {
  it('two app processes together stay under one rate limit', async () => {
    const [a, b] = await Promise.all([app(['rate', 12, 4, 400, 0]), app(['rate', 12, 4, 400, 0])]);
    const starts = [...a!.starts, ...b!.starts].sort((x, y) => x - y);
    expect(starts).toHaveLength(24);
    // 24 calls at 4 per 400 ms need at least 5 full windows between the first and the last start.
    // (Checked on the span, not per window: the times are read in the processes after the grant,
    // and a loaded machine delays some prints more than others.)
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(5 * 400 - 50);
    // And both processes got calls through while the other was running (shared, not one after the other).
    expect(Math.min(...b!.starts)).toBeLessThan(Math.max(...a!.starts));
  });

  it('two app processes together never exceed the shared concurrency, and use all of it', async () => {
    const [a, b] = await Promise.all([
      app(['concurrency', 6, 2, 0, 120]),
      app(['concurrency', 6, 2, 0, 120]),
    ]);
    const events = [
      ...[...a!.starts, ...b!.starts].map((t) => ({ t, d: 1 })),
      ...[...a!.ends, ...b!.ends].map((t) => ({ t, d: -1 })),
    ].sort((x, y) => x.t - y.t || x.d - y.d);
    let inFlight = 0;
    let most = 0;
    for (const e of events) {
      inFlight += e.d;
      most = Math.max(most, inFlight);
    }
    expect(events).toHaveLength(24);
    expect(most).toBe(2);
  });

  it('a 429 from the provider pauses every process sharing the limit for its Retry-After', async () => {
    const redisA = new Redis(server.url);
    const redisB = new Redis(server.url);
    try {
      const limited = mockProvider({ fail: [new RateLimitError('slow down', { retryAfterMs: 400 })] });
      const a = createImageClient({
        provider: limited,
        middleware: [sharedRateLimit(redisA, { requests: 100, windowMs: 1000, key: 'test:429' })],
      });
      const other = mockProvider();
      const b = createImageClient({
        provider: other,
        middleware: [sharedRateLimit(redisB, { requests: 100, windowMs: 1000, key: 'test:429' })],
      });
      await expect(a.generate({ prompt: 'x', seed: 1 })).rejects.toSatisfy((e: unknown) =>
        RateLimitError.isInstance(e),
      );
      const blockedAt = Date.now();
      await b.generate({ prompt: 'y', seed: 1 });
      expect(Date.now() - blockedAt).toBeGreaterThanOrEqual(300);
      expect(other.calls).toHaveLength(1);
    } finally {
      await redisA.quit();
      await redisB.quit();
    }
  });

  it('a waiting call is removed by its abort signal', async () => {
    const redis = new Redis(server.url);
    try {
      const provider = mockProvider({ latencyMs: 500 });
      const client = createImageClient({
        provider,
        middleware: [sharedConcurrency(redis, { limit: 1, key: 'test:abort' })],
      });
      const first = client.generate({ prompt: 'holder', seed: 1 });
      await new Promise((r) => setTimeout(r, 50));
      const controller = new AbortController();
      const second = client.generate({ prompt: 'waiter', seed: 1 }, { signal: controller.signal });
      controller.abort();
      await expect(second).rejects.toMatchObject({ code: 'aborted' });
      await first;
      expect(provider.calls.map((c) => c.request.prompt)).toEqual(['holder']);
      expect(await redis.zcard('test:abort')).toBe(0); // the slot was given back
    } finally {
      await redis.quit();
    }
  });
});
