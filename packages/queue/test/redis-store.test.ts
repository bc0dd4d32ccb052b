import { cache, createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';
import { encodeResult } from '../src/result-codec.js';
import { type RedisServer, startRedis } from './support/redis-server.js';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.dispose();
});

describe('redisStore', () => {
  it('stores image bytes as bytes, and a second client (another process would do the same) hits', async () => {
    const provider = mockProvider();
    const store = redisStore(redis, { prefix: 'a:' });
    const first = createImageClient({ provider, middleware: [cache({ store })] });
    const result = await first.generate({ prompt: 'a red apple', seed: 3 });
    const keys = await redis.keys('a:*');
    expect(keys).toHaveLength(1);
    const raw = await redis.getBuffer(keys[0]!);
    // The value is binary: the PNG bytes appear verbatim (no base64), so the value is barely larger.
    expect(raw!.includes(Buffer.from(result.images[0]!.bytes))).toBe(true);
    expect(raw!.length).toBeLessThan(result.images[0]!.bytes.length + 2048);

    const other = new Redis(server.url);
    const second = createImageClient({
      provider,
      middleware: [cache({ store: redisStore(other, { prefix: 'a:' }) })],
    });
    const again = await second.generate({ prompt: 'a red apple', seed: 3 });
    await other.quit();
    expect(provider.calls).toHaveLength(1);
    expect(Buffer.from(again.images[0]!.bytes).equals(Buffer.from(result.images[0]!.bytes))).toBe(true);
    expect(again.images[0]!.annotations.cache).toMatchObject({ hit: true });
  });

  it('expires entries with their TTL in Redis itself', async () => {
    const provider = mockProvider();
    const store = redisStore(redis, { prefix: 'ttl:' });
    const client = createImageClient({ provider, middleware: [cache({ store, ttlMs: 300 })] });
    await client.generate({ prompt: 'a boat', seed: 1 });
    const [key] = await redis.keys('ttl:*');
    const pttl = await redis.pttl(key!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 450));
    expect(await redis.exists(key!)).toBe(0);
    await client.generate({ prompt: 'a boat', seed: 1 });
    expect(provider.calls).toHaveLength(2);
  });

  it('deletes a value it cannot read and reports a miss', async () => {
    const store = redisStore(redis, { prefix: 'bad:' });
    await redis.set('bad:k', Buffer.from('not a result'));
    expect(await store.get('k')).toBeUndefined();
    expect(await redis.exists('bad:k')).toBe(0);
    // A value cut short is refused too, never returned with wrong bytes.
    const full = encodeResult(
      {
        images: [
          {
            bytes: new Uint8Array(100).fill(7),
            mediaType: 'image/png',
            width: 1,
            height: 1,
            annotations: {},
          },
        ],
        warnings: [],
        provider: 'p',
        modelId: 'm',
        timings: { totalMs: 1 },
      },
      { createdAt: 1 },
    );
    await redis.set('bad:cut', Buffer.from(full.subarray(0, full.length - 1)));
    expect(await store.get('cut')).toBeUndefined();
    await redis.set('bad:whole', Buffer.from(full));
    expect((await store.get('whole'))?.result.images[0]?.bytes).toEqual(new Uint8Array(100).fill(7));
  });
});
