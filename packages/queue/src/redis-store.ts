import type { CacheEntry, CacheStore } from '@pictor/core';
import type { RedisClient } from './redis-client.js';
import { decodeResult, encodeResult } from './result-codec.js';

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /** Prepended to every key. Default `pictor:cache:`. */
  prefix?: string;
}

/**
 * A `cache()` store in Redis, shared by every process that uses the same server: each entry is one
 * binary value (image bytes stored as bytes, not base64), written with one atomic `SET` and expiring
 * with the entry (`PX`), so readers see a whole entry or none. A value that cannot be read back is
 * deleted and reported as a miss.
 *
 * @example
 * import { Redis } from 'ioredis';
 * createImageClient({ provider, middleware: [cache({ store: redisStore(new Redis(process.env.REDIS_URL)), ttlMs: 86_400_000 })] });
 */
export function redisStore(client: RedisClient, options: RedisStoreOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'pictor:cache:';
  return {
    async get(key) {
      const value = await client.getBuffer(prefix + key);
      if (!value) return undefined;
      try {
        const { result, extra } = decodeResult(value);
        const entry: CacheEntry = { result, createdAt: Number(extra.createdAt) };
        if (typeof extra.expiresAt === 'number') entry.expiresAt = extra.expiresAt;
        return entry;
      } catch {
        await client.del(prefix + key);
        return undefined;
      }
    },
    async set(key, entry) {
      const extra = {
        createdAt: entry.createdAt,
        ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
      };
      const value = Buffer.from(encodeResult(entry.result, extra).buffer);
      if (entry.expiresAt === undefined) await client.set(prefix + key, value);
      else {
        const ttl = Math.ceil(entry.expiresAt - Date.now());
        if (ttl <= 0) return;
        await client.set(prefix + key, value, 'PX', ttl);
      }
    },
    async delete(key) {
      await client.del(prefix + key);
    },
  };
}
