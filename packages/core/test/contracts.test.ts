import {
  AbortError,
  type CacheEntry,
  type CacheStore,
  cache,
  createImageClient,
  fallback,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  type Middleware,
  MiddlewareError,
  memoryStore,
  type ProgressEvent,
  ProviderError,
  RateLimitError,
  readImageInfo,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fallback re-validates the request for each provider', () => {
  it('snaps, clamps and drops with a warning per change, skips what cannot serve, and moves past a fallback’s own request error', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 503 }) });
    // Cannot serve: the prompt is longer than it takes.
    const tiny = mockProvider({ provider: 'tiny', capabilities: { maxPromptLength: 5 } });
    // Its own request error must not stop the chain.
    const picky = mockProvider({ provider: 'picky', fail: new InvalidRequestError('width', 'no thanks') });
    // A fixed-size model without steps, guidance or negative prompts, one image per call.
    const emoji = mockProvider({
      provider: 'emoji',
      capabilities: {
        width: undefined,
        height: undefined,
        defaultSize: { width: 32, height: 32 },
        steps: undefined,
        guidance: undefined,
        negativePrompt: false,
        maxImagesPerCall: 1,
      },
    });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [tiny, picky, emoji] })],
    });
    const result = await client.generate({
      prompt: 'a red apple',
      width: 512,
      height: 512,
      steps: 20,
      guidance: 3,
      negativePrompt: 'blurry',
      n: 2,
      seed: 9,
    });
    expect(tiny.calls).toHaveLength(0);
    expect(picky.calls).toHaveLength(1);
    expect(emoji.calls).toHaveLength(2);
    for (const call of emoji.calls) {
      expect(Object.keys(call.request).sort()).toEqual(['n', 'prompt', 'seed']);
      expect(call.request.n).toBe(1);
    }
    expect(emoji.calls.map((c) => c.request.seed)).toEqual([9, 10]);
    expect(result.images.map((i) => [i.width, i.height])).toEqual([
      [32, 32],
      [32, 32],
    ]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'adjusted', field: 'width', from: 512, to: 32 }),
        expect.objectContaining({ type: 'adjusted', field: 'height', from: 512, to: 32 }),
        expect.objectContaining({ type: 'unsupported', field: 'steps' }),
        expect.objectContaining({ type: 'unsupported', field: 'guidance' }),
        expect.objectContaining({ type: 'unsupported', field: 'negativePrompt' }),
      ]),
    );
    const meta = result.providerMetadata?.fallback as {
      answeredBy: unknown;
      attempts: { provider: string; skipped?: string; error?: string }[];
    };
    expect(meta.answeredBy).toEqual({ provider: 'emoji', modelId: 'mock-model' });
    expect(meta.attempts.map((a) => [a.provider, a.error ?? (a.skipped ? 'skipped' : 'ok')])).toEqual([
      ['primary', 'provider_error'],
      ['tiny', 'skipped'],
      ['picky', 'invalid_request'],
      ['emoji', 'ok'],
    ]);
    expect(meta.attempts[1]!.skipped).toContain('prompt');
  });

  it('snaps a size to the nearest one a ranged model makes, and clamps steps', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 500 }) });
    const sd = mockProvider({
      provider: 'sd',
      capabilities: {
        width: { min: 256, max: 768 },
        height: { min: 256, max: 768 },
        sizeMultiple: 64,
        steps: { min: 1, max: 8, default: 4 },
      },
    });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [sd] })] });
    const result = await client.generate({ prompt: 'x', width: 1000, height: 296, steps: 30 });
    expect(sd.calls[0]!.request).toMatchObject({ width: 768, height: 320, steps: 8 });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'adjusted', field: 'width', to: 768 }),
        expect.objectContaining({ type: 'adjusted', field: 'height', to: 320 }),
        expect.objectContaining({ type: 'adjusted', field: 'steps', from: 30, to: 8 }),
      ]),
    );
  });

  it('does not warn about a seed the caller never asked for', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 500 }) });
    const seedless = mockProvider({ provider: 'seedless', capabilities: { seed: false } });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [seedless] })],
    });
    const result = await client.generate({ prompt: 'x' });
    expect(seedless.calls[0]!.request.seed).toBeUndefined();
    expect(result.warnings.filter((w) => w.type === 'unsupported')).toEqual([]);
  });

  it('throws the last error when every provider fails or is skipped', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 500 }) });
    const noEdit = mockProvider({ provider: 'no-edit', capabilities: { editModes: [] } });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [noEdit] })] });
    const image = await solidPng(8, 8);
    const error = await rejectionOf(client.edit({ mode: 'img2img', prompt: 'x', image }));
    expect((error as ProviderError).status).toBe(500);
    expect(noEdit.calls).toHaveLength(0);
  });
});

describe('streams', () => {
  it('abort the call when the loop is left early', async () => {
    const provider = mockProvider({
      latencyMs: 600,
      capabilities: { steps: { min: 1, max: 50, default: 6 } },
    });
    const client = createImageClient({ provider });
    for await (const event of client.stream.generate({ prompt: 'x' })) {
      if (event.type === 'step') break;
    }
    expect(provider.calls[0]!.options.signal?.aborted).toBe(true);
    await wait(50);
    expect(provider.inFlight).toBe(0);
  });

  it('still abort when the caller’s signal aborts', async () => {
    const provider = mockProvider({ latencyMs: 2_000 });
    const controller = new AbortController();
    const events: string[] = [];
    setTimeout(() => controller.abort(), 30);
    const error = await rejectionOf(
      (async () => {
        for await (const event of client(provider).stream.generate(
          { prompt: 'x' },
          { signal: controller.signal },
        ))
          events.push(event.type);
      })(),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(provider.calls[0]!.options.signal?.aborted).toBe(true);
    expect(events).not.toContain('result');
  });
});

function client(provider: ImageProvider) {
  return createImageClient({ provider });
}

/** A provider whose calls behave by call number: 0 answers at once, 1 fails after 20 ms, 2 runs 2 s unless aborted. */
function scriptedProvider() {
  const base = mockProvider({ capabilities: { maxImagesPerCall: 1 } });
  const signals: (AbortSignal | undefined)[] = [];
  let finished = 0;
  const provider: ImageProvider = {
    ...base,
    generate: async (request, options) => {
      const call = signals.length;
      signals.push(options.signal);
      if (call === 1) {
        await wait(20);
        throw new RateLimitError('busy');
      }
      if (call === 2) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, 2_000);
          options.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new AbortError());
          });
        });
      }
      const result = await base.generate(request, options);
      finished++;
      return result;
    },
  };
  return { provider, signals, finished: () => finished };
}

describe('split n', () => {
  it('aborts the sibling calls on the first failure and puts the completed images on the error', async () => {
    const { provider, signals, finished } = scriptedProvider();
    const started = performance.now();
    const error = await rejectionOf(client(provider).generate({ prompt: 'x', n: 3, seed: 1 }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(signals[2]?.aborted).toBe(true);
    expect(finished()).toBe(1);
    const completed = (error as RateLimitError).completedImages;
    expect(completed).toHaveLength(1);
    expect(completed[0]!.seed).toBe(1);
    expect(readImageInfo(completed[0]!.bytes).width).toBe(64);
    expect(JSON.stringify(error)).not.toContain('completedImages');
  });
});

describe('blame', () => {
  it('a middleware’s own error is a MiddlewareError naming it, never the provider’s', async () => {
    const broken: Middleware = {
      name: 'my-logger',
      wrapGenerate: async (next, request) => {
        await next(request);
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const error = await rejectionOf(
      createImageClient({ provider: mockProvider(), middleware: [broken] }).generate({ prompt: 'x' }),
    );
    expect(MiddlewareError.isInstance(error)).toBe(true);
    expect(ProviderError.isInstance(error)).toBe(false);
    expect((error as MiddlewareError).middleware).toBe('my-logger');
    expect((error as MiddlewareError).cause).toBeInstanceOf(TypeError);
  });

  it('a provider’s plain error under middleware stays the provider’s, and passes through other layers', async () => {
    const base = mockProvider();
    const provider: ImageProvider = {
      ...base,
      generate: async () => {
        throw new Error('socket hang up');
      },
    };
    const passThrough: Middleware = { name: 'pass', wrapGenerate: (next, request) => next(request) };
    const error = await rejectionOf(
      createImageClient({ provider, middleware: [passThrough] }).generate({ prompt: 'x' }),
    );
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).message).toContain('socket hang up');
  });

  it('a throwing progress callback never fails a call, even when the provider calls it itself', async () => {
    const provider = mockProvider();
    let heard = 0;
    const result = await client(provider).generate(
      { prompt: 'x', steps: 3 },
      {
        onProgress: () => {
          heard++;
          throw new Error('progress bar crashed');
        },
      },
    );
    expect(result.images).toHaveLength(1);
    // queued, three steps, decoding, done: the provider's own step events reached the callback.
    expect(heard).toBe(6);
  });

  it('no progress reaches the caller after done', async () => {
    const base = mockProvider();
    let late: ((event: ProgressEvent) => void) | undefined;
    const provider: ImageProvider = {
      ...base,
      generate: (request, options) => {
        late = options.onProgress;
        return base.generate(request, options);
      },
    };
    const events: string[] = [];
    await client(provider).generate({ prompt: 'x', steps: 1 }, { onProgress: (e) => events.push(e.type) });
    late?.({ type: 'step', step: 2, total: 2 });
    expect(events.at(-1)).toBe('done');
  });
});

/** A store whose methods can be made to fail or hand back anything. */
function scriptedStore(overrides: Partial<Record<keyof CacheStore, (...args: never[]) => Promise<unknown>>>) {
  const inner = memoryStore();
  const deleted: string[] = [];
  const store: CacheStore = {
    get: (key) =>
      overrides.get ? (overrides.get as (k: string) => Promise<CacheEntry>)(key) : inner.get(key),
    set: (key, entry) => (overrides.set ? (overrides.set as () => Promise<void>)() : inner.set(key, entry)),
    delete: async (key) => {
      deleted.push(key);
      await inner.delete(key);
    },
  };
  return { store, inner, deleted };
}

describe('cache semantics', () => {
  it('a seedless call hits a seedless call made before and gets the recorded seed', async () => {
    const provider = mockProvider();
    const c = createImageClient({ provider, middleware: [cache()] });
    const first = await c.generate({ prompt: 'an apple' });
    const second = await c.generate({ prompt: 'an apple' });
    expect(provider.calls).toHaveLength(1);
    expect(first.images[0]!.seed).toBeTypeOf('number');
    expect(second.images[0]!.seed).toBe(first.images[0]!.seed);
    expect(second.images[0]!.bytes).toEqual(first.images[0]!.bytes);
    expect(second.images[0]!.annotations.cache).toMatchObject({ hit: true });
    // A chosen seed is part of the key.
    await c.generate({ prompt: 'an apple', seed: (first.images[0]!.seed! + 1) >>> 0 });
    expect(provider.calls).toHaveLength(2);
  });

  it('keeps the images of a split seedless call apart', async () => {
    const provider = mockProvider({ capabilities: { maxImagesPerCall: 1 } });
    const c = createImageClient({ provider, middleware: [cache()] });
    const result = await c.generate({ prompt: 'an apple', n: 3 });
    expect(provider.calls).toHaveLength(3);
    expect(new Set(result.images.map((i) => i.seed)).size).toBe(3);
    const again = await c.generate({ prompt: 'an apple', n: 3 });
    expect(provider.calls).toHaveLength(3);
    expect(again.images.map((i) => i.seed)).toEqual(result.images.map((i) => i.seed));
  });

  it('coalesces identical calls in flight', async () => {
    const provider = mockProvider({ latencyMs: 80 });
    const c = createImageClient({ provider, middleware: [cache()] });
    const [a, b, d] = await Promise.all([
      c.generate({ prompt: 'x', seed: 1 }),
      c.generate({ prompt: 'x', seed: 1 }),
      c.generate({ prompt: 'x', seed: 2 }),
    ]);
    expect(provider.calls).toHaveLength(2);
    expect(b.images[0]!.bytes).toEqual(a.images[0]!.bytes);
    expect(b.images[0]!.annotations.cache).toMatchObject({ hit: true, coalesced: true });
    expect(d.images[0]!.seed).toBe(2);
  });

  it('a coalesced caller is not failed by the first caller’s abort', async () => {
    const provider = mockProvider({ latencyMs: 100 });
    const c = createImageClient({ provider, middleware: [cache()] });
    const controller = new AbortController();
    const first = c.generate({ prompt: 'x', seed: 1 }, { signal: controller.signal });
    const second = c.generate({ prompt: 'x', seed: 1 });
    setTimeout(() => controller.abort(), 20);
    expect(AbortError.isInstance(await rejectionOf(first))).toBe(true);
    expect((await second).images).toHaveLength(1);
  });

  it('a store that cannot write costs a warning, not the image', async () => {
    const { store } = scriptedStore({ set: async () => Promise.reject(new Error('disk full')) });
    const result = await createImageClient({
      provider: mockProvider(),
      middleware: [cache({ store })],
    }).generate({
      prompt: 'x',
      seed: 1,
    });
    expect(result.images).toHaveLength(1);
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'other', source: 'cache' }));
    expect(JSON.stringify(result.warnings)).toContain('disk full');
  });

  it('a store that cannot read costs a warning, and the call is made', async () => {
    const provider = mockProvider();
    const { store } = scriptedStore({ get: async () => Promise.reject(new Error('connection refused')) });
    const result = await createImageClient({ provider, middleware: [cache({ store })] }).generate({
      prompt: 'x',
      seed: 1,
    });
    expect(provider.calls).toHaveLength(1);
    expect(JSON.stringify(result.warnings)).toContain('connection refused');
  });

  it('a corrupt entry is evicted and recomputed, and the next call hits the fresh one', async () => {
    const provider = mockProvider();
    let corrupt = true;
    const { store, inner, deleted } = scriptedStore({
      get: async (key: string) =>
        corrupt ? ({ result: { images: [{ bytes: 'not bytes' }] } } as never) : inner.get(key),
    });
    const c = createImageClient({ provider, middleware: [cache({ store })] });
    const result = await c.generate({ prompt: 'x', seed: 1 });
    expect(result.images).toHaveLength(1);
    expect(deleted).toHaveLength(1);
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'other', source: 'cache' }));
    corrupt = false;
    const again = await c.generate({ prompt: 'x', seed: 1 });
    expect(provider.calls).toHaveLength(1);
    expect(again.images[0]!.annotations.cache).toMatchObject({ hit: true });
  });
});

describe('size and aspectRatio', () => {
  it('size is snapped to the model’s multiple with a warning', async () => {
    const provider = mockProvider();
    const result = await client(provider).generate({ prompt: 'x', size: '1001x999' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 1000, height: 1000 });
    expect('size' in provider.calls[0]!.request).toBe(false);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: 'adjusted', field: 'size', from: '1001x999', to: '1000x1000' }),
    );
    const exact = await client(provider).generate({ prompt: 'x', size: '128x64' });
    expect(exact.images[0]).toMatchObject({ width: 128, height: 64 });
    expect(exact.warnings).toEqual([]);
  });

  it('aspectRatio keeps the default area and snaps, with a warning when the ratio is not exact', async () => {
    const provider = mockProvider();
    const result = await client(provider).generate({ prompt: 'x', aspectRatio: '16:9' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 88, height: 48 });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: 'adjusted', field: 'aspectRatio', to: '88x48' }),
    );
    const square = await client(provider).generate({ prompt: 'x', aspectRatio: '1:1' });
    expect(square.images[0]).toMatchObject({ width: 64, height: 64 });
    expect(square.warnings).toEqual([]);
  });

  it('picks the nearest listed size', async () => {
    const provider = mockProvider({
      capabilities: {
        sizes: [
          { width: 512, height: 512 },
          { width: 768, height: 512 },
          { width: 512, height: 768 },
        ],
      },
    });
    await client(provider).generate({ prompt: 'x', aspectRatio: '3:2' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 768, height: 512 });
  });

  it('rejects a size together with width, and a malformed one, naming the field', async () => {
    const c = client(mockProvider());
    const both = await rejectionOf(c.generate({ prompt: 'x', size: '64x64', width: 64 }));
    expect(both).toMatchObject({ code: 'invalid_request', field: 'size' });
    const bad = await rejectionOf(c.generate({ prompt: 'x', size: '64*64' as never }));
    expect(bad).toMatchObject({ code: 'invalid_request', field: 'size' });
  });
});

export type { ImageResult };

describe('inputTypes', () => {
  it('refuses an edit input of a type the model does not take, naming the field, before any call', async () => {
    const provider = mockProvider({ capabilities: { inputTypes: ['image/jpeg'] } });
    const image = await solidPng(8, 8);
    const error = await rejectionOf(client(provider).edit({ mode: 'img2img', prompt: 'x', image }));
    expect(error).toMatchObject({ code: 'invalid_request', field: 'image' });
    expect((error as Error).message).toContain('image/png');
    expect(provider.calls).toHaveLength(0);
    const direct = await rejectionOf(provider.edit!({ mode: 'img2img', prompt: 'x', image }, {}));
    expect(direct).toMatchObject({ code: 'invalid_request', field: 'image' });
  });

  it('lets a fallback skip a model that does not take the input type', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new ProviderError('down', { status: 500 }) });
    const jpegOnly = mockProvider({ provider: 'jpeg-only', capabilities: { inputTypes: ['image/jpeg'] } });
    const anything = mockProvider({ provider: 'anything' });
    const c = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [jpegOnly, anything] })],
    });
    const result = await c.edit({ mode: 'img2img', prompt: 'x', image: await solidPng(8, 8) });
    expect(jpegOnly.calls).toHaveLength(0);
    expect(result.providerMetadata?.fallback).toMatchObject({
      answeredBy: { provider: 'anything' },
      attempts: [
        { provider: 'primary' },
        { provider: 'jpeg-only', skipped: expect.stringContaining('image/png') },
        { provider: 'anything' },
      ],
    });
  });
});
