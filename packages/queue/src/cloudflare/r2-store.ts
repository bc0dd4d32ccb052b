import type { CacheStore } from '@pictor/core';
import { decodeResult, encodeResult } from '../result-codec.js';

/** The part of an R2 bucket binding (`env.BUCKET`) the store uses. */
export interface R2BucketLike {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  put(
    key: string,
    value: ArrayBuffer | Uint8Array,
    options?: { customMetadata?: Record<string, string> },
  ): Promise<unknown>;
  delete(key: string): Promise<void>;
}

/** Options of `r2Store`. */
export interface R2StoreOptions {
  /** Prepended to every object key. Default `pictor/cache/`. */
  prefix?: string;
}

/**
 * A `cache()` store in an R2 bucket: one object per entry, for results too large for KV. R2 has no
 * per-object TTL, so expiry is checked on read (and the stale object deleted); set a lifecycle rule on
 * the prefix to clean up what is never read again. Runs inside Workers.
 *
 * @example
 * cache({ store: r2Store(env.IMAGES), ttlMs: 7 * 86_400_000 })
 */
export function r2Store(bucket: R2BucketLike, options: R2StoreOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'pictor/cache/';
  return {
    async get(key) {
      const object = await bucket.get(prefix + key);
      if (!object) return undefined;
      try {
        const { result, extra } = decodeResult(new Uint8Array(await object.arrayBuffer()));
        const expiresAt = typeof extra.expiresAt === 'number' ? extra.expiresAt : undefined;
        if (expiresAt !== undefined && expiresAt <= Date.now()) {
          await bucket.delete(prefix + key);
          return undefined;
        }
        return {
          result,
          createdAt: Number(extra.createdAt),
          ...(expiresAt !== undefined ? { expiresAt } : {}),
        };
      } catch {
        await bucket.delete(prefix + key);
        return undefined;
      }
    },
    async set(key, entry) {
      const extra = {
        createdAt: entry.createdAt,
        ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
      };
      await bucket.put(prefix + key, encodeResult(entry.result, extra), {
        customMetadata: { provider: entry.result.provider, modelId: entry.result.modelId },
      });
    },
    async delete(key) {
      await bucket.delete(prefix + key);
    },
  };
}
