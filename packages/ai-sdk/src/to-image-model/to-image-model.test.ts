import { APICallError } from '@ai-sdk/provider';
import {
  ContentFilteredError,
  cache,
  InvalidRequestError,
  type Middleware,
  memoryStore,
  ProviderError,
  RateLimitError,
  readImageInfo,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { generateImage } from 'ai';
import { describe, expect, it } from 'vitest';
import { PictorAPICallError } from './api-call-error.js';
import { toImageModel, toImageModelV4 } from './to-image-model.js';

/** A middleware that writes an annotation, so the metadata path is visible. */
const tagger: Middleware = {
  name: 'tagger',
  async wrapGenerate(next, request) {
    const result = await next(request);
    return {
      ...result,
      images: result.images.map((image, i) => ({
        ...image,
        annotations: { ...image.annotations, tagger: { i, prompt: request.prompt } },
      })),
    };
  },
};

describe('toImageModel under generateImage (ai@6)', () => {
  it('returns the provider’s bytes with per-image metadata aligned with the images, across split calls', async () => {
    const provider = mockProvider({ capabilities: { maxImagesPerCall: 2 } });
    const model = toImageModel(provider, { middleware: [tagger] });
    expect(model.specificationVersion).toBe('v3');
    expect(model.maxImagesPerCall).toBe(2);
    const result = await generateImage({ model, prompt: 'a fox', n: 5, size: '64x32' });
    expect(result.images).toHaveLength(5);
    expect(provider.calls.map((c) => c.request.n)).toEqual([2, 2, 1]);
    for (const image of result.images) {
      expect(image.mediaType).toBe('image/png');
      expect(readImageInfo(image.uint8Array)).toMatchObject({ width: 64, height: 32 });
    }
    const entries = (
      result.providerMetadata.pictor as {
        images: { width: number; annotations: { tagger: { prompt: string } } }[];
      }
    ).images;
    expect(entries).toHaveLength(5);
    expect(entries.every((e) => e.width === 64 && e.annotations.tagger.prompt === 'a fox')).toBe(true);
  });

  it('maps seed, aspect ratio (with a compatibility warning) and providerOptions.pictor', async () => {
    const provider = mockProvider();
    const result = await generateImage({
      model: toImageModel(provider),
      prompt: 'a lake',
      seed: 42,
      aspectRatio: '16:9',
      providerOptions: { pictor: { negativePrompt: 'fog', steps: 3, guidance: 2 }, mock: { flavour: 'x' } },
    });
    const request = provider.calls[0]!.request;
    // default 64×64 area, ratio 16:9 → ≈85×48, snapped to multiples of 8
    expect(request).toMatchObject({
      prompt: 'a lake',
      seed: 42,
      width: 88,
      height: 48,
      negativePrompt: 'fog',
      steps: 3,
      guidance: 2,
    });
    expect(request.providerOptions).toEqual({ mock: { flavour: 'x' } });
    expect(result.warnings).toContainEqual({
      type: 'compatibility',
      feature: 'aspectRatio',
      details: 'derived 88x48 from aspect ratio 16:9',
    });
    expect(readImageInfo(result.image.uint8Array)).toMatchObject({ width: 88, height: 48 });
  });

  it('snaps a size the model does not make and says so; Pictor warnings become AI SDK warnings', async () => {
    const provider = mockProvider({ capabilities: { negativePrompt: false } });
    const result = await generateImage({
      model: toImageModel(provider),
      prompt: 'x',
      size: '100x30',
      providerOptions: { pictor: { negativePrompt: 'y' } },
    });
    expect(provider.calls[0]!.request).toMatchObject({ width: 104, height: 32 });
    expect(result.warnings).toContainEqual({
      type: 'compatibility',
      feature: 'size',
      details: '100x30 is not a size this model makes; used the nearest, 104x32',
    });
    expect(result.warnings).toContainEqual({
      type: 'unsupported',
      feature: 'negativePrompt',
      details: 'the model ignores negative prompts',
    });
  });

  it('turns files and mask into the matching edit mode', async () => {
    const provider = mockProvider();
    const model = toImageModel(provider);
    const png = (await provider.generate({ prompt: 'base', width: 64, height: 64, seed: 1 }, {})).images[0]!
      .bytes;
    await generateImage({
      model,
      prompt: { images: [png], text: 'redraw' },
      providerOptions: { pictor: { strength: 0.4 } },
    });
    await generateImage({ model, prompt: { images: [png], mask: png, text: 'fill' } });
    await generateImage({ model, prompt: { images: [png, png], text: 'mix' } });
    const edits = provider.calls
      .slice(1)
      .map((c) => c.request as { mode: string; mask?: unknown; references?: unknown[]; strength?: number });
    expect(edits.map((e) => e.mode)).toEqual(['img2img', 'inpaint', 'reference']);
    expect(edits[1]!.mask).toBeInstanceOf(Uint8Array);
    expect(edits[2]!.references).toHaveLength(1);
    expect(edits[0]!.strength).toBe(0.4);
  });

  it('passes abortSignal and headers through', async () => {
    const provider = mockProvider({ latencyMs: 5_000 });
    const controller = new AbortController();
    const pending = generateImage({
      model: toImageModel(provider),
      prompt: 'slow',
      abortSignal: controller.signal,
      headers: { 'x-trace': 't1' },
      maxRetries: 0,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    expect(provider.calls[0]!.options.headers).toMatchObject({ 'x-trace': 't1' });
    expect(provider.calls[0]!.options.signal).toBe(controller.signal);
  });

  it('a bad providerOptions.pictor value is an InvalidRequestError naming it, before any call', async () => {
    const provider = mockProvider();
    const pending = generateImage({
      model: toImageModel(provider),
      prompt: 'x',
      providerOptions: { pictor: { steps: -1 } },
    });
    await expect(pending).rejects.toSatisfy(
      (e: unknown) => InvalidRequestError.isInstance(e) && e.message.includes('providerOptions.pictor.steps'),
    );
    expect(provider.calls).toHaveLength(0);
  });

  it('retryable Pictor errors are retried by the SDK (honouring retry-after), others are not', async () => {
    const provider = mockProvider({
      fail: [
        new RateLimitError('slow down', { retryAfterMs: 1 }),
        new RateLimitError('again', { retryAfterMs: 1 }),
      ],
    });
    const result = await generateImage({ model: toImageModel(provider), prompt: 'x', maxRetries: 2 });
    expect(result.images).toHaveLength(1);
    expect(provider.calls).toHaveLength(3);

    const unavailable = mockProvider({ fail: new ProviderError('boom', { status: 503 }) });
    const retryable = await generateImage({
      model: toImageModel(unavailable),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(retryable).toMatchObject({ isRetryable: true, statusCode: 503, code: 'provider_error' });

    const failing = mockProvider({ fail: new ProviderError('bad request', { status: 400 }) });
    const error = await generateImage({ model: toImageModel(failing), prompt: 'x', maxRetries: 2 }).catch(
      (e: unknown) => e,
    );
    expect(failing.calls).toHaveLength(1);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(PictorAPICallError);
    expect((error as PictorAPICallError).statusCode).toBe(400);
    expect(ProviderError.isInstance((error as PictorAPICallError).pictorError)).toBe(true);
  });

  it('a content filter is one call, no retries, and NoImageGeneratedError', async () => {
    const provider = mockProvider({ fail: new ContentFilteredError('refused') });
    const error = await generateImage({ model: toImageModel(provider), prompt: 'x', maxRetries: 3 }).catch(
      (e: unknown) => e,
    );
    expect(provider.calls).toHaveLength(1);
    expect((error as Error).name).toBe('AI_NoImageGeneratedError');
  });

  it('Pictor middleware (cache) works under the SDK: the second call never reaches the provider', async () => {
    const provider = mockProvider();
    const model = toImageModel(provider, { middleware: [cache({ store: memoryStore() })] });
    const a = await generateImage({ model, prompt: 'same', seed: 3 });
    const b = await generateImage({ model, prompt: 'same', seed: 3 });
    expect(provider.calls).toHaveLength(1);
    expect(b.image.uint8Array).toEqual(a.image.uint8Array);
  });

  it('reports progress through onProgress', async () => {
    const events: string[] = [];
    await generateImage({
      model: toImageModel(mockProvider(), { onProgress: (e) => events.push(e.type) }),
      prompt: 'x',
    });
    expect(events[0]).toBe('queued');
    expect(events).toContain('step');
    expect(events.at(-1)).toBe('done');
  });

  it('V4 form sets the capability flags from the edit modes', () => {
    const both = toImageModelV4(mockProvider());
    expect([both.specificationVersion, both.supportsFileInputs, both.supportsMaskInputs]).toEqual([
      'v4',
      true,
      true,
    ]);
    const none = toImageModelV4(mockProvider({ capabilities: { editModes: [] } }));
    expect([none.supportsFileInputs, none.supportsMaskInputs]).toEqual([false, false]);
    const img2img = toImageModelV4(mockProvider({ capabilities: { editModes: ['img2img'] } }));
    expect([img2img.supportsFileInputs, img2img.supportsMaskInputs]).toEqual([true, false]);
  });
});
