import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageResult } from '../spec/image-result.js';
import { cacheKey } from './cache-key.js';
import { type CacheStore, memoryStore } from './cache-store.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of `cache`. */
export interface CacheOptions {
  /** Where results live. Default: a `memoryStore()`. */
  store?: CacheStore;
  /** How long a result stays fresh, ms. Default: forever. */
  ttlMs?: number;
  /** Clock (tests inject it). */
  now?: () => number;
}

function copyResult(result: ImageResult): ImageResult {
  return {
    ...result,
    images: result.images.map((image) => ({
      ...image,
      bytes: image.bytes.slice(),
      annotations: { ...image.annotations },
    })),
    warnings: [...result.warnings],
    timings: { ...result.timings },
  };
}

async function cached<R extends GenerateRequest | EditRequest>(
  options: CacheOptions,
  store: CacheStore,
  context: MiddlewareContext,
  request: R,
  call: () => Promise<ImageResult>,
): Promise<ImageResult> {
  const now = options.now ?? Date.now;
  const key = await cacheKey(context.provider, context.modelId, context.operation, request);
  const hit = await store.get(key);
  if (hit && (hit.expiresAt === undefined || hit.expiresAt > now())) {
    context.log('debug', 'cache hit', { key });
    const result = copyResult(hit.result);
    for (const image of result.images) image.annotations.cache = { hit: true, key };
    return result;
  }
  if (hit) await store.delete(key);
  const result = await call();
  const createdAt = now();
  await store.set(key, {
    result: copyResult(result),
    createdAt,
    ...(options.ttlMs !== undefined ? { expiresAt: createdAt + options.ttlMs } : {}),
  });
  for (const image of result.images) image.annotations.cache = { hit: false, key };
  return result;
}

/**
 * Returns a stored result for a call seen before. The key is content-addressed: provider + model +
 * operation + the normalised request (images by hash), so only identical calls hit. The client gives
 * seedless requests a random seed before middleware runs, so set `seed` to make a call cacheable.
 *
 * @example
 * import { fileStore } from '@pictor/core/node';
 * createImageClient({ provider, middleware: [cache({ store: fileStore('.cache/pictor'), ttlMs: 86_400_000 })] });
 */
export function cache(options: CacheOptions = {}): Middleware {
  const store = options.store ?? memoryStore();
  return {
    name: 'cache',
    wrapGenerate: (next, request, context) => cached(options, store, context, request, () => next(request)),
    wrapEdit: (next, request, context) => cached(options, store, context, request, () => next(request)),
  };
}
