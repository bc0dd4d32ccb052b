// The client's own promises beyond the happy path: what it refuses before any call, the progress
// events it sends, how a split request's results are joined, what an abort says, and how sizes are
// snapped. Written against mutants of `pnpm mutation --mutate 'packages/core/src/client/*.ts'`.
import {
  AbortError,
  createImageClient,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  type ProgressEvent,
  ProviderError,
  throwIfAborted,
  UnsupportedFeatureError,
} from '@pictor/core';
import { raceAbort, sleep } from '@pictor/core/internal';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

describe('createImageClient: what it refuses before any call', () => {
  it('a value that is not a provider, naming the field', () => {
    for (const provider of [
      null,
      {},
      { generate: 'x', capabilities: {} },
      { generate: () => undefined },
      { generate: () => undefined, capabilities: 'x' },
    ]) {
      let error: unknown;
      try {
        createImageClient({ provider: provider as never });
      } catch (e) {
        error = e;
      }
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as InvalidRequestError).field).toBe('provider');
    }
  });

  it('maxRetries from 0 to 100, integers only', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider });
    for (const maxRetries of [0, 100]) await client.generate({ prompt: 'a', seed: 1 }, { maxRetries });
    for (const maxRetries of [101, 1.5, -1]) {
      const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }, { maxRetries }));
      expect(error).toMatchObject({ code: 'invalid_request', field: 'options.maxRetries' });
      const editError = await rejectionOf(
        client.edit({ mode: 'img2img', prompt: 'a', image: await solidPng(8, 8) }, { maxRetries }),
      );
      expect(editError).toMatchObject({ code: 'invalid_request', field: 'options.maxRetries' });
    }
    expect(provider.calls).toHaveLength(2);
  });

  it('an already aborted signal, for generate and edit, with the reason in the message', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider });
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    for (const call of [
      client.generate({ prompt: 'a' }, { signal: controller.signal }),
      client.edit(
        { mode: 'img2img', prompt: 'a', image: await solidPng(8, 8) },
        { signal: controller.signal },
      ),
    ]) {
      const error = await rejectionOf(call);
      expect(AbortError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe('the call was aborted: user left');
    }
    expect(provider.calls).toHaveLength(0);
  });

  it('an edit on a model without edit, or without edit modes', async () => {
    const image = await solidPng(8, 8);
    const { edit: _edit, ...generateOnly } = mockProvider();
    const noModes = mockProvider({ capabilities: { editModes: [] } });
    for (const provider of [generateOnly as ImageProvider, noModes]) {
      const error = await rejectionOf(
        createImageClient({ provider }).edit({ mode: 'img2img', prompt: 'a', image }),
      );
      expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
      expect((error as UnsupportedFeatureError).field).toBe('mode');
      expect((error as Error).message).toContain('mock:mock-model cannot edit images');
    }
    expect(noModes.calls).toHaveLength(0);
  });

  it('edit inputs larger than maxInputBytes, naming the field; a mask of another size', async () => {
    const small = await solidPng(8, 8);
    const big = await solidPng(64, 64, [1, 200, 3]);
    const provider = mockProvider({ capabilities: { maxInputBytes: big.length - 1 } });
    const client = createImageClient({ provider });
    const tooBig = await rejectionOf(client.edit({ mode: 'img2img', prompt: 'a', image: big }));
    expect(tooBig).toMatchObject({ code: 'invalid_request', field: 'image' });
    expect((tooBig as Error).message).toContain(
      `is ${big.length} bytes; the model accepts at most ${big.length - 1}`,
    );
    const exact = mockProvider({ capabilities: { maxInputBytes: big.length } });
    await createImageClient({ provider: exact }).edit({ mode: 'img2img', prompt: 'a', image: big });
    const ref = await rejectionOf(
      client.edit({ mode: 'reference', prompt: 'a', image: small, references: [small, big] }),
    );
    expect(ref).toMatchObject({ code: 'invalid_request', field: 'references[1]' });
    const mask = await rejectionOf(
      client.edit({ mode: 'inpaint', prompt: 'a', image: small, mask: await solidPng(8, 16) }),
    );
    expect(mask).toMatchObject({ code: 'invalid_request', field: 'mask' });
    expect((mask as Error).message).toBe('mask: is 8×16 but the image is 8×8; they must match');
    const maskWidth = await rejectionOf(
      client.edit({ mode: 'inpaint', prompt: 'a', image: small, mask: await solidPng(16, 8) }),
    );
    expect(maskWidth).toMatchObject({ field: 'mask' });
    expect(provider.calls).toHaveLength(0);
  });

  it('edit inputs of a type the model does not take: mask and references too', async () => {
    const png = await solidPng(8, 8);
    const provider = mockProvider({ capabilities: { inputTypes: ['image/jpeg'] } });
    const client = createImageClient({ provider });
    const webpless = mockProvider({ capabilities: { inputTypes: ['image/png'] } });
    await createImageClient({ provider: webpless }).edit({
      mode: 'reference',
      prompt: 'a',
      image: png,
      references: [png],
    });
    const error = await rejectionOf(client.edit({ mode: 'img2img', prompt: 'a', image: png }));
    expect(error).toMatchObject({ field: 'image' });
    expect(webpless.calls[0]!.request).toMatchObject({ references: [png] });
  });

  it('passes the normalised mask and references on, as bytes', async () => {
    const image = await solidPng(8, 8);
    const mask = await solidPng(8, 8, [255, 255, 255]);
    const provider = mockProvider();
    const client = createImageClient({ provider });
    await client.edit({
      mode: 'inpaint',
      prompt: 'a',
      image: image.buffer as ArrayBuffer,
      mask: { base64: btoa(String.fromCharCode(...mask)) },
    });
    const request = provider.calls[0]!.request as { image: Uint8Array; mask: Uint8Array };
    expect(request.image).toBeInstanceOf(Uint8Array);
    expect(request.image).toEqual(image);
    expect(request.mask).toEqual(mask);
    await client.edit({
      mode: 'reference',
      prompt: 'a',
      image,
      references: [new Blob([mask as Uint8Array<ArrayBuffer>])],
    });
    expect((provider.calls[1]!.request as { references: Uint8Array[] }).references).toEqual([mask]);
  });
});

describe('createImageClient: progress and timings', () => {
  it('queued first (naming the model), steps of a split call tagged with their chunk, done last', async () => {
    const provider = mockProvider({
      capabilities: { maxImagesPerCall: 1, steps: { min: 1, max: 4, default: 1 } },
    });
    const events: ProgressEvent[] = [];
    const result = await createImageClient({ provider }).generate(
      { prompt: 'a', n: 2, seed: 1 },
      { onProgress: (e) => events.push(e) },
    );
    expect(events[0]).toEqual({ type: 'queued', provider: 'mock', modelId: 'mock-model' });
    expect(events.at(-1)).toEqual({ type: 'done', images: 2, totalMs: result.timings.totalMs });
    const steps = events.filter((e) => e.type === 'step') as { index?: number }[];
    expect(steps.map((s) => s.index).sort()).toEqual([0, 1]);
    const decoding = events.filter((e) => e.type === 'decoding');
    expect(decoding).toEqual([{ type: 'decoding' }, { type: 'decoding' }]);
  });

  it('an unsplit call’s steps carry no chunk index; edits report progress too', async () => {
    const provider = mockProvider({ capabilities: { steps: { min: 1, max: 4, default: 2 } } });
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider });
    await client.generate({ prompt: 'a', seed: 1 }, { onProgress: (e) => events.push(e) });
    const steps = events.filter((e) => e.type === 'step');
    expect(steps).toEqual([
      { type: 'step', step: 1, total: 2 },
      { type: 'step', step: 2, total: 2 },
    ]);
    const editEvents: string[] = [];
    await client.edit(
      { mode: 'img2img', prompt: 'a', image: await solidPng(8, 8) },
      { onProgress: (e) => editEvents.push(e.type) },
    );
    expect(editEvents[0]).toBe('queued');
    expect(editEvents.at(-1)).toBe('done');
  });

  it('validateMs is part of totalMs; the provider’s own timings are kept', async () => {
    const inner = mockProvider();
    const provider: ImageProvider = {
      ...inner,
      generate: async (request, options) => {
        const result = await inner.generate(request, options);
        return { ...result, timings: { ...result.timings, inferenceMs: 3 } };
      },
    };
    const result = await createImageClient({ provider }).generate({ prompt: 'a', seed: 1 });
    expect(result.timings.inferenceMs).toBe(3);
    expect(result.timings.validateMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.validateMs!);
  });

  it('a model without seeds gets no seed; a chosen seed is kept', async () => {
    const seedless = mockProvider({ capabilities: { seed: false } });
    await createImageClient({ provider: seedless }).generate({ prompt: 'a' });
    expect(seedless.calls[0]!.request.seed).toBeUndefined();
    const seeded = mockProvider();
    await createImageClient({ provider: seeded }).edit({
      mode: 'img2img',
      prompt: 'a',
      image: await solidPng(8, 8),
      seed: 9,
    });
    expect(seeded.calls[0]!.request.seed).toBe(9);
    await createImageClient({ provider: seeded }).edit({
      mode: 'img2img',
      prompt: 'a',
      image: await solidPng(8, 8),
    });
    expect(seeded.calls[1]!.request.seed).toBeTypeOf('number');
  });

  it('strict turns a dropped field into an UnsupportedFeatureError naming it', async () => {
    const provider = mockProvider({ capabilities: { negativePrompt: false } });
    const error = await rejectionOf(
      createImageClient({ provider, strict: true }).generate({ prompt: 'a', negativePrompt: 'b' }),
    );
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as UnsupportedFeatureError).field).toBe('negativePrompt');
    expect(provider.calls).toHaveLength(0);
  });

  it('dispose works for a provider without dispose', async () => {
    const { dispose: _dispose, ...plain } = mockProvider();
    await expect(createImageClient({ provider: plain as ImageProvider }).dispose()).resolves.toBeUndefined();
  });
});

describe('a split request’s results, joined', () => {
  it('images in order, timings the slowest per phase, usage summed, warnings once each', async () => {
    const inner = mockProvider({ capabilities: { maxImagesPerCall: 1 } });
    let call = 0;
    const provider: ImageProvider = {
      ...inner,
      generate: async (request, options) => {
        const i = call++;
        const result = await inner.generate(request, options);
        return {
          ...result,
          timings: { totalMs: 1, inferenceMs: [5, 9, 2][i]! },
          usage: { neurons: [1, 2, 4][i]! },
          warnings: [
            { type: 'other', message: 'same' },
            ...(i === 1 ? [{ type: 'other' as const, message: 'second' }] : []),
          ],
          providerMetadata: { mock: { call: i } },
        };
      },
    };
    const result = await createImageClient({ provider }).generate({ prompt: 'a', n: 3, seed: 10 });
    expect(result.images.map((image) => image.seed)).toEqual([10, 11, 12]);
    expect(result.timings.inferenceMs).toBe(9);
    expect(result.usage).toEqual({ neurons: 7 });
    expect(result.warnings).toEqual([
      { type: 'other', message: 'same' },
      { type: 'other', message: 'second' },
    ]);
    expect(result.providerMetadata).toEqual({ mock: { call: 0 } });
  });

  it('no usage key when no chunk reported usage', async () => {
    const provider = mockProvider({ capabilities: { maxImagesPerCall: 1 } });
    const result = await createImageClient({ provider }).generate({ prompt: 'a', n: 2, seed: 1 });
    expect('usage' in result).toBe(false);
  });

  it('a failing chunk’s plain error is the provider’s, and the caller’s abort reaches every chunk', async () => {
    const provider = mockProvider({ capabilities: { maxImagesPerCall: 1 }, latencyMs: 2_000 });
    const controller = new AbortController();
    const pending = rejectionOf(
      createImageClient({ provider }).generate({ prompt: 'a', n: 2, seed: 1 }, { signal: controller.signal }),
    );
    while (provider.calls.length < 2) await sleep(2);
    controller.abort();
    expect(AbortError.isInstance(await pending)).toBe(true);
    expect(provider.calls.map((c) => c.options.signal?.aborted)).toEqual([true, true]);
    const failing = mockProvider({
      capabilities: { maxImagesPerCall: 1 },
      fail: [undefined, new Error('x')],
    });
    const error = await rejectionOf(
      createImageClient({ provider: failing }).generate({ prompt: 'a', n: 2, seed: 1 }),
    );
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).message).toBe('mock failed: x');
  });
});

describe('abort helpers', () => {
  it('throwIfAborted says the reason unless it is an AbortError', () => {
    expect(() => throwIfAborted(undefined)).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
    const plain = new AbortController();
    plain.abort();
    expect(() => throwIfAborted(plain.signal)).toThrow(new AbortError('the call was aborted'));
    const reasoned = new AbortController();
    reasoned.abort(new RangeError('too slow'));
    expect(() => throwIfAborted(reasoned.signal)).toThrow('the call was aborted: too slow');
    const named = new AbortController();
    const reason = new Error('inner');
    reason.name = 'AbortError';
    named.abort(reason);
    expect(() => throwIfAborted(named.signal)).toThrow(/^the call was aborted$/);
    const text = new AbortController();
    text.abort('a string');
    expect(() => throwIfAborted(text.signal)).toThrow(/^the call was aborted$/);
  });

  it('raceAbort: settles with the promise, rejects at the abort, types a plain error after the abort', async () => {
    expect(await raceAbort(Promise.resolve(1), undefined)).toBe(1);
    expect(await raceAbort(Promise.resolve(2), new AbortController().signal)).toBe(2);
    const own = new ProviderError('x');
    expect(await rejectionOf(raceAbort(Promise.reject(own), new AbortController().signal))).toBe(own);
    const early = new AbortController();
    early.abort();
    expect(
      AbortError.isInstance(await rejectionOf(raceAbort(Promise.reject(new Error('late')), early.signal))),
    ).toBe(true);
    const later = new AbortController();
    const pending = raceAbort(new Promise(() => {}), later.signal);
    later.abort(new Error('stop'));
    const error = await rejectionOf(pending);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('the call was aborted: stop');
  });

  it('sleep resolves after the time, or rejects at the abort', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    expect(AbortError.isInstance(await rejectionOf(pending))).toBe(true);
    const aborted = new AbortController();
    aborted.abort(new Error('gone'));
    expect(await rejectionOf(sleep(1, aborted.signal))).toMatchObject({
      message: 'the call was aborted: gone',
    });
  });
});

describe('size and aspectRatio resolution', () => {
  const ranged = () =>
    mockProvider({
      capabilities: {
        width: { min: 256, max: 1024 },
        height: { min: 256, max: 1024 },
        sizeMultiple: 64,
        defaultSize: { width: 512, height: 512 },
      },
    });

  it('size within ranges: each side rounded to the multiple and clamped; exact sizes pass without a warning', async () => {
    const provider = ranged();
    const client = createImageClient({ provider });
    const snapped = await client.generate({ prompt: 'a', seed: 1, size: '100x2000' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 256, height: 1024 });
    expect(snapped.warnings).toEqual([
      {
        type: 'adjusted',
        field: 'size',
        from: '100x2000',
        to: '256x1024',
        details: 'the nearest size this model makes',
      },
    ]);
    const rounded = await client.generate({ prompt: 'a', seed: 1, size: '607x350' });
    expect(provider.calls[1]!.request).toMatchObject({ width: 576, height: 320 });
    expect(rounded.warnings).toHaveLength(1);
    const exact = await client.generate({ prompt: 'a', seed: 1, size: '640x384' });
    expect(provider.calls[2]!.request).toMatchObject({ width: 640, height: 384 });
    expect(provider.calls[2]!.request).not.toHaveProperty('size');
    expect(exact.warnings).toEqual([]);
  });

  it('aspectRatio keeps the default area: 1:1 exact, 16:9 snapped with a warning', async () => {
    const provider = ranged();
    const client = createImageClient({ provider });
    const square = await client.generate({ prompt: 'a', seed: 1, aspectRatio: '1:1' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 512, height: 512 });
    expect(provider.calls[0]!.request).not.toHaveProperty('aspectRatio');
    expect(square.warnings).toEqual([]);
    const wide = await client.generate({ prompt: 'a', seed: 1, aspectRatio: '16:9' });
    expect(provider.calls[1]!.request).toMatchObject({ width: 704, height: 384 });
    expect(wide.warnings).toEqual([
      {
        type: 'adjusted',
        field: 'aspectRatio',
        from: '16:9',
        to: '704x384',
        details: 'the nearest size this model makes at that ratio',
      },
    ]);
    const twoToOne = await client.generate({ prompt: 'a', seed: 1, aspectRatio: '2:1' });
    expect(provider.calls[2]!.request).toMatchObject({ width: 704, height: 384 });
    expect(twoToOne.warnings).toHaveLength(1);
  });

  it('from a list: the closest ratio first, then the closest area', async () => {
    const provider = mockProvider({
      capabilities: {
        width: undefined,
        height: undefined,
        sizes: [
          { width: 512, height: 512 },
          { width: 1024, height: 1024 },
          { width: 1024, height: 512 },
          { width: 512, height: 1024 },
        ],
        defaultSize: { width: 512, height: 512 },
      },
    });
    const client = createImageClient({ provider });
    for (const [size, expected] of [
      ['900x900', [1024, 1024]],
      ['600x600', [512, 512]],
      ['2000x1000', [1024, 512]],
      ['500x1100', [512, 1024]],
    ] as const) {
      await client.generate({ prompt: 'a', seed: 1, size });
      expect([provider.calls.at(-1)!.request.width, provider.calls.at(-1)!.request.height]).toEqual(expected);
    }
  });

  it('a fixed-size model: any size resolves to its one size', async () => {
    const provider = mockProvider({
      capabilities: { width: undefined, height: undefined, defaultSize: { width: 32, height: 32 } },
    });
    const result = await createImageClient({ provider }).generate({ prompt: 'a', seed: 1, size: '512x256' });
    expect(result.images[0]).toMatchObject({ width: 32, height: 32 });
    expect(result.warnings).toContainEqual(expect.objectContaining({ field: 'size', to: '32x32' }));
  });

  it('a model with a width range only keeps its default height', async () => {
    const provider = mockProvider({
      capabilities: {
        width: { min: 8, max: 128 },
        height: undefined,
        defaultSize: { width: 64, height: 48 },
      },
    });
    await createImageClient({ provider }).generate({ prompt: 'a', seed: 1, size: '96x96' });
    expect(provider.calls[0]!.request).toMatchObject({ width: 96, height: 48 });
  });

  it('size with aspectRatio, and aspectRatio with height, name the field', async () => {
    const client = createImageClient({ provider: ranged() });
    expect(
      await rejectionOf(client.generate({ prompt: 'a', size: '512x512', aspectRatio: '1:1' })),
    ).toMatchObject({
      field: 'size',
    });
    expect(await rejectionOf(client.generate({ prompt: 'a', size: '512x512', height: 512 }))).toMatchObject({
      field: 'size',
    });
    expect(
      await rejectionOf(client.generate({ prompt: 'a', aspectRatio: '1:1', height: 512 })),
    ).toMatchObject({
      field: 'aspectRatio',
    });
    expect(await rejectionOf(client.generate({ prompt: 'a', aspectRatio: '1:1', width: 512 }))).toMatchObject(
      {
        field: 'aspectRatio',
      },
    );
  });
});

describe('the result check', () => {
  it('a result with no images array, zero images or an image without bytes is an InvalidResponseError', async () => {
    const inner = mockProvider();
    const answers: unknown[] = [null, { images: 'x' }, { images: [] }, { images: [{ bytes: 'x' }] }];
    for (const answer of answers) {
      const provider: ImageProvider = { ...inner, generate: async () => answer as ImageResult };
      const error = await rejectionOf(createImageClient({ provider }).generate({ prompt: 'a', seed: 1 }));
      expect(error).toMatchObject({ code: 'invalid_response', provider: 'mock' });
    }
  });

  it('fills what a provider left out: warnings, annotations, totalMs', async () => {
    const inner = mockProvider();
    const provider: ImageProvider = {
      ...inner,
      generate: async () => ({ images: [{ bytes: await solidPng(8, 8) }] }) as unknown as ImageResult,
    };
    const result = await createImageClient({ provider }).generate({ prompt: 'a', seed: 1 });
    expect(result.warnings).toEqual([]);
    expect(result.images[0]!.annotations).toEqual({});
    expect(result.images[0]).toMatchObject({ width: 8, height: 8, mediaType: 'image/png' });
    expect(result.timings.totalMs).toBeTypeOf('number');
  });
});
