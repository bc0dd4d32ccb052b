import type { ImageResult } from '../spec/image-result.js';

/** What the cache keeps per key. */
export interface CacheEntry {
  result: ImageResult;
  /** Epoch ms when it was stored. */
  createdAt: number;
  /** Epoch ms after which it is stale, if it expires. */
  expiresAt?: number;
}

/**
 * Where `cache()` keeps results: three methods, so memory, filesystem (`@pictor/core/node`),
 * Workers KV or Redis stores plug in.
 */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used go first. Default 256. */
  maxEntries?: number;
  /** Most image bytes kept in all. Default 256 MiB. */
  maxBytes?: number;
}

function sizeOf(entry: CacheEntry): number {
  return entry.result.images.reduce((sum, image) => sum + image.bytes.length, 0);
}

/**
 * An in-memory LRU store, bounded by entries and bytes.
 *
 * @example
 * cache({ store: memoryStore({ maxEntries: 100 }) })
 */
export function memoryStore(options: MemoryStoreOptions = {}): CacheStore & { readonly size: number } {
  const { maxEntries = 256, maxBytes = 256 * 1024 * 1024 } = options;
  const entries = new Map<string, CacheEntry>();
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry) {
      bytes -= sizeOf(entry);
      entries.delete(key);
    }
  };
  return {
    get size() {
      return entries.size;
    },
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    async set(key, entry) {
      remove(key);
      const size = sizeOf(entry);
      if (size > maxBytes) return;
      entries.set(key, entry);
      bytes += size;
      while (entries.size > maxEntries || bytes > maxBytes) remove(entries.keys().next().value as string);
    },
    async delete(key) {
      remove(key);
    },
  };
}
