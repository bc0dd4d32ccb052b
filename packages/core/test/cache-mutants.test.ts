// cache(), memoryStore() and cacheKey(): what a stored entry must look like to be served, what a hit
// hands back (a copy), the store's byte and entry bounds, what the key distinguishes, and the log
// lines and warnings of each path. Each test was written against a mutant that survived
// `pnpm mutation --mutate 'packages/core/src/middleware/cache*.ts'`.
import {
  type CacheEntry,
  type CacheStore,
  cache,
  cacheKey,
  concurrency,
  createImageClient,
  events,
  fallback,
  type ImageResult,
  type Logger,
  type Middleware,
  memoryStore,
  retry,
  timeout,
  tracing,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { solidPng } from './helpers.js';

type Line = Parameters<Logger>;

/** A store over a memoryStore whose `get` can hand back anything, recording deletes. */
function scripted(get?: (key: string) => unknown) {
  const inner = memoryStore();
  const deleted: string[] = [];
  const store: CacheStore = {
    get: async (key) => (get ? (get(key) as CacheEntry | undefined) : inner.get(key)),
    set: (key, entry) => inner.set(key, entry),
    delete: async (key) => {
      deleted.push(key);
      await inner.delete(key);
    },
  };
  return { store, inner, deleted };
}

async function goodEntry(): Promise<CacheEntry> {
  const provider = mockProvider();
  const result = await createImageClient({ provider }).generate({ prompt: 'x', seed: 1 });
  return { result, createdAt: 0 };
}

describe('cache: a stored entry that is not a well-formed result is evicted and recomputed', () => {
  const image = (entry: CacheEntry) => entry.result.images[0]!;
  const corruptions: [string, (good: CacheEntry) => unknown][] = [
    ['null', () => null],
    ['a string', () => 'an entry'],
    ['no result', () => ({ createdAt: 0 })],
    ['a null result', () => ({ result: null, createdAt: 0 })],
    ['a string result', () => ({ result: 'x', createdAt: 0 })],
    ['images not an array', (g) => ({ ...g, result: { ...g.result, images: 'x' } })],
    ['no images', (g) => ({ ...g, result: { ...g.result, images: [] } })],
    ['a null image', (g) => ({ ...g, result: { ...g.result, images: [null] } })],
    [
      'one good image, one bad',
      (g) => ({ ...g, result: { ...g.result, images: [image(g), { bytes: 'x' }] } }),
    ],
    [
      'one bad image, one good',
      (g) => ({ ...g, result: { ...g.result, images: [{ bytes: 'x' }, image(g)] } }),
    ],
    ['bytes not bytes', (g) => ({ ...g, result: { ...g.result, images: [{ ...image(g), bytes: [1, 2] }] } })],
    [
      'empty bytes',
      (g) => ({ ...g, result: { ...g.result, images: [{ ...image(g), bytes: new Uint8Array(0) }] } }),
    ],
    ['no width', (g) => ({ ...g, result: { ...g.result, images: [{ ...image(g), width: '64' }] } })],
    ['no height', (g) => ({ ...g, result: { ...g.result, images: [{ ...image(g), height: undefined }] } })],
    ['no media type', (g) => ({ ...g, result: { ...g.result, images: [{ ...image(g), mediaType: 1 }] } })],
    ['warnings not an array', (g) => ({ ...g, result: { ...g.result, warnings: 'none' } })],
    ['no timings', (g) => ({ ...g, result: { ...g.result, timings: 5 } })],
    ['null timings', (g) => ({ ...g, result: { ...g.result, timings: null } })],
  ];
  for (const [name, corrupt] of corruptions) {
    it(name, async () => {
      const good = await goodEntry();
      const bad = corrupt(good);
      let served = false;
      const { store, deleted } = scripted(() => {
        if (served) return undefined;
        served = true;
        return bad;
      });
      const provider = mockProvider();
      const lines: Line[] = [];
      const client = createImageClient({
        provider,
        middleware: [cache({ store })],
        logger: (...line) => lines.push(line),
      });
      const result = await client.generate({ prompt: 'x', seed: 1 });
      expect(provider.calls).toHaveLength(1);
      expect(deleted).toHaveLength(1);
      expect(result.images[0]!.annotations.cache).toMatchObject({ hit: false });
      expect(result.warnings).toContainEqual({
        type: 'other',
        source: 'cache',
        message: 'a corrupt cache entry was evicted and recomputed',
      });
      expect(lines).toContainEqual(['warn', 'cache: corrupt entry evicted', { key: deleted[0] }]);
    });
  }

  it('a well-formed entry is served as it is, with no warning and no delete', async () => {
    const good = await goodEntry();
    const { store, deleted } = scripted(() => good);
    const provider = mockProvider();
    const lines: Line[] = [];
    const client = createImageClient({
      provider,
      middleware: [cache({ store })],
      logger: (...line) => lines.push(line),
    });
    const result = await client.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(0);
    expect(deleted).toEqual([]);
    expect(result.warnings).toEqual([]);
    const key = (result.images[0]!.annotations.cache as { key: string }).key;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(result.images[0]!.annotations.cache).toEqual({ hit: true, key });
    expect(lines).toEqual([['debug', 'cache hit', { key }]]);
  });
});

describe('cache: what a hit hands back', () => {
  it('a copy: changing a returned result changes neither the store nor the next hit', async () => {
    const provider = mockProvider();
    const store = memoryStore();
    const client = createImageClient({ provider, middleware: [cache({ store })] });
    const first = await client.generate({ prompt: 'x', seed: 1 });
    const original = first.images[0]!.bytes.slice();
    const hit = await client.generate({ prompt: 'x', seed: 1 });
    hit.images[0]!.bytes.fill(0);
    hit.images[0]!.annotations.mine = true;
    hit.warnings.push({ type: 'other', message: 'added by the caller' });
    hit.timings.mine = 1;
    const again = await client.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(1);
    expect(again.images[0]!.bytes).toEqual(original);
    expect(again.images[0]!.annotations.mine).toBeUndefined();
    expect(again.warnings).toEqual([]);
    expect(again.timings.mine).toBeUndefined();
  });

  it('the stored entry is a copy of what the caller got on the miss', async () => {
    const provider = mockProvider();
    const store = memoryStore();
    const client = createImageClient({ provider, middleware: [cache({ store })] });
    const first = await client.generate({ prompt: 'x', seed: 1 });
    const original = first.images[0]!.bytes.slice();
    first.images[0]!.bytes.fill(0);
    const hit = await client.generate({ prompt: 'x', seed: 1 });
    expect(hit.images[0]!.bytes).toEqual(original);
  });

  it('the provider’s warnings are kept on a hit', async () => {
    const inner = mockProvider();
    const warned: Middleware = {
      name: 'warns',
      async wrapGenerate(next, request) {
        const result = await next(request);
        return { ...result, warnings: [...result.warnings, { type: 'other', message: 'inner' }] };
      },
    };
    const withInner = createImageClient({ provider: inner, middleware: [cache(), warned] });
    await withInner.generate({ prompt: 'x', seed: 1 });
    const hit = await withInner.generate({ prompt: 'x', seed: 1 });
    expect(hit.images[0]!.annotations.cache).toMatchObject({ hit: true });
    expect(hit.warnings).toContainEqual({ type: 'other', message: 'inner' });
  });

  it('an entry that expires exactly now is stale, and is deleted before the call is made again', async () => {
    let now = 1_000;
    const { store, deleted } = scripted();
    const provider = mockProvider();
    const client = createImageClient({
      provider,
      middleware: [cache({ store, ttlMs: 100, now: () => now })],
    });
    await client.generate({ prompt: 'x', seed: 1 });
    now = 1_099;
    await client.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(1);
    expect(deleted).toEqual([]);
    now = 1_100;
    await client.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(2);
    expect(deleted).toHaveLength(1);
  });

  it('records createdAt and expiresAt from the clock', async () => {
    const { store, inner } = scripted();
    const seen: CacheEntry[] = [];
    const recording: CacheStore = {
      ...store,
      set: async (key, entry) => {
        seen.push(entry);
        await inner.set(key, entry);
      },
    };
    await createImageClient({
      provider: mockProvider(),
      middleware: [cache({ store: recording, ttlMs: 50, now: () => 7_000 })],
    }).generate({ prompt: 'x', seed: 1 });
    await createImageClient({
      provider: mockProvider(),
      middleware: [cache({ store: recording, now: () => 8_000 })],
    }).generate({ prompt: 'y', seed: 1 });
    expect(seen.map((e) => [e.createdAt, e.expiresAt])).toEqual([
      [7_000, 7_050],
      [8_000, undefined],
    ]);
    expect('expiresAt' in seen[1]!).toBe(false);
  });
});

describe('cache: the store failing', () => {
  it('a failed read: a warning with the reason, a log line, and the call is made', async () => {
    const provider = mockProvider();
    const lines: Line[] = [];
    const store: CacheStore = {
      get: async () => Promise.reject(new Error('connection refused')),
      set: async () => {},
      delete: async () => {},
    };
    const result = await createImageClient({
      provider,
      middleware: [cache({ store })],
      logger: (...line) => lines.push(line),
    }).generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(1);
    expect(result.warnings).toEqual([
      { type: 'other', source: 'cache', message: 'the cache store could not be read: connection refused' },
    ]);
    expect(lines).toEqual([
      ['warn', 'cache: store get failed', { key: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    ]);
  });

  it('a failed write: a warning with the reason (a non-Error too), a log line, and the image', async () => {
    const lines: Line[] = [];
    const store: CacheStore = {
      get: async () => undefined,
      set: async () => Promise.reject('disk full'),
      delete: async () => {},
    };
    const result = await createImageClient({
      provider: mockProvider(),
      middleware: [cache({ store })],
      logger: (...line) => lines.push(line),
    }).generate({ prompt: 'x', seed: 1 });
    expect(result.images).toHaveLength(1);
    expect(result.warnings).toEqual([
      { type: 'other', source: 'cache', message: 'the cache store could not store the result: disk full' },
    ]);
    expect(lines).toEqual([
      ['warn', 'cache: store set failed', { key: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    ]);
  });
});

describe('cache: coalescing', () => {
  it('a coalesced caller shares the first caller’s failure', async () => {
    const provider = mockProvider({ latencyMs: 60, fail: [new Error('boom')] });
    const client = createImageClient({ provider, middleware: [cache()] });
    const results = await Promise.allSettled([
      client.generate({ prompt: 'x', seed: 1 }),
      client.generate({ prompt: 'x', seed: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(provider.calls).toHaveLength(1);
    // Nothing stays in flight: the next identical call runs.
    const next = await client.generate({ prompt: 'x', seed: 1 });
    expect(next.images[0]!.annotations.cache).toMatchObject({ hit: false });
    expect(provider.calls).toHaveLength(2);
  });

  it('a later caller does not join a call that already finished and was stored', async () => {
    const provider = mockProvider({ latencyMs: 30 });
    const client = createImageClient({ provider, middleware: [cache()] });
    await client.generate({ prompt: 'x', seed: 1 });
    const hit = await client.generate({ prompt: 'x', seed: 1 });
    expect(hit.images[0]!.annotations.cache).toEqual({ hit: true, key: expect.any(String) });
  });
});

describe('cache: the key', () => {
  it('a seed changed by a middleware above the cache is part of the key', async () => {
    let seed = 5;
    const reseed: Middleware = {
      name: 'reseed',
      transformRequest: (request) => ({ ...request, seed: seed++ }),
    };
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [reseed, cache()] });
    await client.generate({ prompt: 'x' });
    await client.generate({ prompt: 'x' });
    expect(provider.calls.map((c) => c.request.seed)).toEqual([5, 6]);
  });

  it('cacheKey: image bytes by content, arrays in order, undefined fields ignored, strings as given', async () => {
    const a = await solidPng(8, 8, [1, 2, 3]);
    const b = await solidPng(8, 8, [4, 5, 6]);
    const key = (request: Record<string, unknown>) =>
      cacheKey('p', 'm', 'edit', { mode: 'reference', prompt: 'x', image: a, ...request } as never);
    expect(await key({})).toMatch(/^[0-9a-f]{64}$/);
    expect(await key({ image: a.slice() })).toBe(await key({}));
    expect(await key({ image: b })).not.toBe(await key({}));
    expect(await key({ references: [a, b] })).not.toBe(await key({ references: [b, a] }));
    expect(await key({ references: [a, b] })).toBe(await key({ references: [a.slice(), b.slice()] }));
    expect(await key({ seed: undefined })).toBe(await key({}));
    expect(await key({ seed: 0 })).not.toBe(await key({}));
    expect(await key({ seed: null })).not.toBe(await key({}));
    expect(await cacheKey('p', 'm', 'generate', { prompt: 'x' })).not.toBe(
      await cacheKey('p', 'm', 'edit', { prompt: 'x' } as never),
    );
    expect(await cacheKey('p', 'm', 'generate', { prompt: 'x' })).not.toBe(
      await cacheKey('p', 'm2', 'generate', { prompt: 'x' }),
    );
    // SHA-256 of the normalised JSON, hex: a fixed vector pins the whole encoding.
    const expected = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(
        JSON.stringify({ modelId: 'm', operation: 'generate', provider: 'p', request: { prompt: 'x' } }),
      ),
    );
    const hex = Array.from(new Uint8Array(expected), (x) => x.toString(16).padStart(2, '0')).join('');
    expect(await cacheKey('p', 'm', 'generate', { prompt: 'x' })).toBe(hex);
  });
});

describe('memoryStore bounds', () => {
  const entry = (bytes: number): CacheEntry => ({
    result: {
      images: [
        { bytes: new Uint8Array(bytes), mediaType: 'image/png', width: 1, height: 1, annotations: {} },
      ],
      warnings: [],
      timings: { totalMs: 0 },
      provider: 'p',
      modelId: 'm',
    } as ImageResult,
    createdAt: 0,
  });

  it('evicts the least recently used entries past maxBytes', async () => {
    const store = memoryStore({ maxBytes: 100 });
    await store.set('a', entry(40));
    await store.set('b', entry(40));
    await store.get('a'); // a is now the most recently used
    await store.set('c', entry(40));
    expect(store.size).toBe(2);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('c')).toBeDefined();
  });

  it('holds exactly maxBytes, and never stores an entry larger than the whole store', async () => {
    const store = memoryStore({ maxBytes: 100 });
    await store.set('a', entry(50));
    await store.set('b', entry(50));
    expect(store.size).toBe(2);
    await store.set('big', entry(101));
    expect(store.size).toBe(2);
    expect(await store.get('big')).toBeUndefined();
    const exact = memoryStore({ maxBytes: 100 });
    await exact.set('whole', entry(100));
    expect(await exact.get('whole')).toBeDefined();
  });

  it('frees the bytes of a replaced or deleted entry', async () => {
    const store = memoryStore({ maxBytes: 100 });
    await store.set('a', entry(60));
    await store.set('a', entry(60)); // replaces: still 60 bytes held, not 120
    await store.set('b', entry(40));
    expect(store.size).toBe(2);
    await store.delete('a');
    expect(store.size).toBe(1);
    await store.set('c', entry(60));
    expect(store.size).toBe(2);
    expect(await store.get('b')).toBeDefined();
    await store.delete('missing');
    expect(store.size).toBe(2);
  });

  it('a miss is undefined and changes nothing', async () => {
    const store = memoryStore({ maxEntries: 2 });
    await store.set('a', entry(1));
    expect(await store.get('nope')).toBeUndefined();
    expect(store.size).toBe(1);
  });
});

describe('middleware names (the key of their annotations and of MiddlewareError)', () => {
  it('each generic middleware names itself', () => {
    expect(
      [
        cache(),
        concurrency(1),
        events({}),
        fallback({ providers: [] }),
        retry(),
        timeout(1_000),
        tracing(),
      ].map((m) => m.name),
    ).toEqual(['cache', 'concurrency', 'events', 'fallback', 'retry', 'timeout', 'tracing']);
  });
});

describe('cache: more of what a hit keeps, and the key’s exact encoding', () => {
  it('a hit keeps the annotations and timings an inner layer recorded', async () => {
    const marker: Middleware = {
      name: 'marker',
      async wrapGenerate(next, request) {
        const result = await next(request);
        for (const image of result.images) image.annotations.marker = { seen: true };
        return { ...result, timings: { ...result.timings, inferenceMs: 42 } };
      },
    };
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [cache(), marker] });
    await client.generate({ prompt: 'x', seed: 1 });
    const hit = await client.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(1);
    expect(hit.images[0]!.annotations.marker).toEqual({ seen: true });
    expect(hit.timings.inferenceMs).toBe(42);
  });

  it('cacheKey hashes image bytes and keeps arrays as arrays (fixed vectors)', async () => {
    const hex = async (data: Uint8Array | string) => {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
      return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
    };
    const image = await solidPng(8, 8, [9, 9, 9]);
    const request = { mode: 'reference', prompt: 'x', image, references: [image] };
    const normalised = {
      modelId: 'm',
      operation: 'edit',
      provider: 'p',
      request: {
        image: { sha256: await hex(image) },
        mode: 'reference',
        prompt: 'x',
        references: [{ sha256: await hex(image) }],
      },
    };
    expect(await cacheKey('p', 'm', 'edit', request as never)).toBe(await hex(JSON.stringify(normalised)));
  });
});
