import { AbortError } from '../errors/abort-error.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Warning } from '../spec/warning.js';
import { cacheKey } from './cache-key.js';
import { type CacheEntry, type CacheStore, memoryStore } from './cache-store.js';
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

/** Whether a stored entry has the shape of a result (a store may hand back anything). */
function isWellFormed(entry: unknown): entry is CacheEntry {
  const value = entry as CacheEntry | undefined;
  const result = value?.result;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof result === 'object' &&
    result !== null &&
    Array.isArray(result.images) &&
    result.images.length > 0 &&
    result.images.every(
      (image) =>
        image?.bytes instanceof Uint8Array &&
        image.bytes.length > 0 &&
        typeof image.width === 'number' &&
        typeof image.height === 'number' &&
        typeof image.mediaType === 'string',
    ) &&
    Array.isArray(result.warnings) &&
    typeof result.timings === 'object' &&
    result.timings !== null
  );
}

/**
 * The request as the key sees it: a seed the client drew (the caller named none) is replaced by the
 * call's image offset, so a seedless call hits whatever seed was drawn the first time.
 */
function keyedRequest<R extends GenerateRequest>(
  request: R,
  context: MiddlewareContext,
): Record<string, unknown> {
  const drawn = context.drawnSeed;
  if (!drawn || request.seed !== drawn.seed) return { ...request } as Record<string, unknown>;
  const { seed: _seed, ...rest } = request;
  return { ...rest, seedless: { offset: drawn.offset } };
}

function storeWarning(what: string, error: unknown): Warning {
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'other', source: 'cache', message: `the cache store could not ${what}: ${message}` };
}

async function cached<R extends GenerateRequest | EditRequest>(
  options: CacheOptions,
  store: CacheStore,
  inFlight: Map<string, Promise<ImageResult>>,
  context: MiddlewareContext,
  request: R,
  call: () => Promise<ImageResult>,
): Promise<ImageResult> {
  const now = options.now ?? Date.now;
  const key = await cacheKey(
    context.provider,
    context.modelId,
    context.operation,
    keyedRequest(request, context) as unknown as R,
  );
  const warnings: Warning[] = [];
  let hit: CacheEntry | undefined;
  try {
    hit = await store.get(key);
  } catch (error) {
    warnings.push(storeWarning('be read', error));
    context.log('warn', 'cache: store get failed', { key });
  }
  if (hit !== undefined && !isWellFormed(hit as unknown)) {
    warnings.push({
      type: 'other',
      source: 'cache',
      message: 'a corrupt cache entry was evicted and recomputed',
    });
    context.log('warn', 'cache: corrupt entry evicted', { key });
    await store.delete(key).catch(() => {});
    hit = undefined;
  }
  if (hit && (hit.expiresAt === undefined || hit.expiresAt > now())) {
    context.log('debug', 'cache hit', { key });
    const result = copyResult(hit.result);
    for (const image of result.images) image.annotations.cache = { hit: true, key };
    result.warnings.push(...warnings);
    return result;
  }
  if (hit) await store.delete(key).catch(() => {});

  // Identical calls in flight share one provider call.
  const pending = inFlight.get(key);
  if (pending) {
    try {
      const shared = copyResult(await pending);
      for (const image of shared.images) image.annotations.cache = { hit: true, key, coalesced: true };
      shared.warnings.push(...warnings);
      return shared;
    } catch (error) {
      // The first caller's own abort is not ours: run the call for this caller.
      if (!AbortError.isInstance(error) || context.signal?.aborted) throw error;
    }
  }
  const running = call();
  inFlight.set(key, running);
  let result: ImageResult;
  try {
    result = await running;
  } finally {
    if (inFlight.get(key) === running) inFlight.delete(key);
  }
  const createdAt = now();
  try {
    await store.set(key, {
      result: copyResult(result),
      createdAt,
      ...(options.ttlMs !== undefined ? { expiresAt: createdAt + options.ttlMs } : {}),
    });
  } catch (error) {
    warnings.push(storeWarning('store the result', error));
    context.log('warn', 'cache: store set failed', { key });
  }
  const own = copyResult(result);
  for (const image of own.images) image.annotations.cache = { hit: false, key };
  own.warnings.push(...warnings);
  return own;
}

/**
 * Returns a stored result for a call seen before. The key is content-addressed: provider + model +
 * operation + the normalised request (images by hash), so only identical calls hit.
 *
 * - A request without a `seed` is keyed without the seed the client drew for it: a later seedless
 *   call hits, and gets the recorded seed on each image. A request with a `seed` is keyed with it.
 * - Identical calls in flight at the same time share one provider call.
 * - A store that fails to read or write costs a warning on the result, never the image.
 * - An entry that is not a well-formed result is deleted, and the call is made again (with a warning).
 *
 * @example
 * import { fileStore } from '@pictor/core/node';
 * createImageClient({ provider, middleware: [cache({ store: fileStore('.cache/pictor'), ttlMs: 86_400_000 })] });
 */
export function cache(options: CacheOptions = {}): Middleware {
  const store = options.store ?? memoryStore();
  const inFlight = new Map<string, Promise<ImageResult>>();
  return {
    name: 'cache',
    wrapGenerate: (next, request, context) =>
      cached(options, store, inFlight, context, request, () => next(request)),
    wrapEdit: (next, request, context) =>
      cached(options, store, inFlight, context, request, () => next(request)),
  };
}
