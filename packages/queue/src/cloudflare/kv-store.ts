import type { CacheStore } from '@pictor/core';
import { decodeResult, encodeResult } from '../result-codec.js';

/** The part of a Workers KV namespace binding (`env.KV`) the store uses. */
export interface KvNamespaceLike {
  get(key: string, options: { type: 'arrayBuffer' }): Promise<ArrayBuffer | null>;
  put(key: string, value: ArrayBuffer | Uint8Array, options?: { expiration?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** KV's largest value (25 MiB) and its shortest expiry (60 s ahead). */
const KV_MAX_VALUE = 25 * 1024 * 1024;
const KV_MIN_EXPIRY_MS = 60_000;

/** Options of `kvStore`. */
export interface KvStoreOptions {
  /** Prepended to every key. Default `pictor:`. */
  prefix?: string;
}

/**
 * A `cache()` store in Workers KV: one binary value per entry (image bytes as bytes). KV is
 * eventually consistent, which suits a content-addressed cache (an entry never changes). Entries
 * expire in KV with their TTL when it is at least KV's 60 s minimum (shorter TTLs are checked by
 * `cache()` on read); an entry over KV's 25 MiB value limit is not stored. Runs inside Workers.
 *
 * @example
 * export default { fetch: (request, env) => handle(createImageClient({ provider, middleware: [cache({ store: kvStore(env.CACHE) })] })) };
 */
export function kvStore(namespace: KvNamespaceLike, options: KvStoreOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'pictor:';
  return {
    async get(key) {
      const value = await namespace.get(prefix + key, { type: 'arrayBuffer' });
      if (!value) return undefined;
      try {
        const { result, extra } = decodeResult(new Uint8Array(value));
        return {
          result,
          createdAt: Number(extra.createdAt),
          ...(typeof extra.expiresAt === 'number' ? { expiresAt: extra.expiresAt } : {}),
        };
      } catch {
        await namespace.delete(prefix + key);
        return undefined;
      }
    },
    async set(key, entry) {
      const bytes = encodeResult(entry.result, {
        createdAt: entry.createdAt,
        ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
      });
      if (bytes.length > KV_MAX_VALUE) return;
      const longEnough = entry.expiresAt !== undefined && entry.expiresAt - Date.now() >= KV_MIN_EXPIRY_MS;
      await namespace.put(
        prefix + key,
        bytes,
        longEnough ? { expiration: Math.ceil(entry.expiresAt! / 1000) } : {},
      );
    },
    async delete(key) {
      await namespace.delete(prefix + key);
    },
  };
}
