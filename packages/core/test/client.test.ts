import {
  AbortError,
  createImageClient,
  InvalidResponseError,
  type ProgressEvent,
  ProviderError,
  type StreamEvent,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

describe('createImageClient', () => {
  it('splits n above the per-call maximum into parallel calls with consecutive seeds', async () => {
    const provider = mockProvider({ capabilities: { maxImagesPerCall: 4 } });
    const result = await createImageClient({ provider }).generate({ prompt: 'a', n: 10, seed: 100 });
    expect(provider.calls.map((c) => [c.request.n, c.request.seed])).toEqual([
      [4, 100],
      [4, 104],
      [2, 108],
    ]);
    expect(result.images.map((i) => i.seed)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  it('gives seedless requests a random seed and reports it', async () => {
    const provider = mockProvider();
    const result = await createImageClient({ provider }).generate({ prompt: 'a' });
    expect(Number.isInteger(provider.calls[0]!.request.seed)).toBe(true);
    expect(result.images[0]!.seed).toBe(provider.calls[0]!.request.seed);
  });

  it('reads size and type from the bytes, not from what the provider says', async () => {
    const real = await solidPng(24, 40);
    const provider = mockProvider({ bytes: real });
    const result = await createImageClient({ provider }).generate({ prompt: 'a', width: 64, height: 64 });
    expect(result.images[0]).toMatchObject({ width: 24, height: 40, mediaType: 'image/png' });
  });

  it('never returns bytes that are not an image', async () => {
    for (const bytes of [
      new TextEncoder().encode('{"error":"oops"}'),
      (await solidPng(8, 8)).subarray(0, 40),
      new Uint8Array(),
    ]) {
      const error = await rejectionOf(
        createImageClient({ provider: mockProvider({ bytes }) }).generate({ prompt: 'a' }),
      );
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    }
  });

  it('fills timings and merges validation warnings', async () => {
    const provider = mockProvider({ capabilities: { negativePrompt: false } });
    const result = await createImageClient({ provider }).generate({ prompt: 'a', negativePrompt: 'b' });
    expect(result.timings.totalMs).toBeGreaterThan(0);
    expect(result.timings.validateMs).toBeGreaterThanOrEqual(0);
    expect(result.warnings).toEqual([
      { type: 'unsupported', field: 'negativePrompt', details: expect.any(String) },
    ]);
  });

  it('wraps unknown provider errors as ProviderError', async () => {
    const error = await rejectionOf(
      createImageClient({ provider: mockProvider({ fail: new TypeError('boom') }) }).generate({
        prompt: 'a',
      }),
    );
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('accepts ArrayBuffer, Blob and base64 image inputs', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider });
    const png = await solidPng(16, 16);
    const b64 = Buffer.from(png).toString('base64');
    const inputs = [
      png.slice().buffer,
      new Blob([png as Uint8Array<ArrayBuffer>]),
      { base64: b64 },
      { base64: `data:image/png;base64,${b64}` },
    ];
    for (const image of inputs) await client.edit({ mode: 'img2img', prompt: 'x', image });
    for (const call of provider.calls) expect((call.request as { image: Uint8Array }).image).toEqual(png);
  });

  it('fetches URL inputs only through an allowing policy', async () => {
    const png = await solidPng(8, 8);
    const fetched: string[] = [];
    const provider = mockProvider();
    const client = createImageClient({
      provider,
      inputFetch: {
        allow: (url) => url.hostname === 'images.example',
        resolveHost: async () => ['93.184.215.14'],
        fetch: (async (url: URL) => {
          fetched.push(String(url));
          return new Response(png as Uint8Array<ArrayBuffer>);
        }) as typeof fetch,
      },
    });
    await client.edit({ mode: 'img2img', prompt: 'x', image: { url: 'https://images.example/a.png' } });
    expect(fetched).toEqual(['https://images.example/a.png']);
    const denied = await rejectionOf(
      client.edit({ mode: 'img2img', prompt: 'x', image: { url: 'https://evil.example/a.png' } }),
    );
    expect(denied).toMatchObject({ code: 'invalid_request', field: 'image' });
    const scheme = await rejectionOf(
      client.edit({ mode: 'img2img', prompt: 'x', image: { url: 'file:///etc/passwd' } }),
    );
    expect(scheme).toMatchObject({ field: 'image' });
  });

  it('stream.generate yields progress events, then the result', async () => {
    const client = createImageClient({ provider: mockProvider({ latencyMs: 10 }) });
    const seen: StreamEvent[] = [];
    for await (const event of client.stream.generate({ prompt: 'a', steps: 3 })) seen.push(event);
    expect(seen.map((e) => e.type)).toEqual(['queued', 'step', 'step', 'step', 'decoding', 'done', 'result']);
    const last = seen.at(-1) as Extract<StreamEvent, { type: 'result' }>;
    expect(last.result.images).toHaveLength(1);
  });

  it('stream.generate throws the call error from the iterator', async () => {
    const client = createImageClient({
      provider: mockProvider({ fail: new ProviderError('no', { status: 500 }) }),
    });
    const error = await rejectionOf(
      (async () => {
        for await (const _ of client.stream.generate({ prompt: 'a' })) {
          // consume
        }
      })(),
    );
    expect(ProviderError.isInstance(error)).toBe(true);
  });

  it('rejects promptly on abort even while the provider keeps going', async () => {
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider: mockProvider({ latencyMs: 5_000 }) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left')), 20);
    const error = await rejectionOf(
      client.generate({ prompt: 'a' }, { signal: controller.signal, onProgress: (e) => events.push(e) }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('user left');
  });

  it('dispose frees the provider', async () => {
    const provider = mockProvider();
    await createImageClient({ provider }).dispose();
    expect(provider.disposed).toBe(true);
  });

  it('validates in full the new bytes a middleware hands back', async () => {
    const png = await solidPng(8, 8);
    const corrupt = png.slice();
    corrupt[40] = (corrupt[40] ?? 0) ^ 0xff; // inside IDAT: the CRC no longer matches
    const swap = {
      name: 'swap',
      wrapGenerate: async (
        next: (r: never) => Promise<import('@pictor/core').ImageResult>,
        request: never,
      ) => {
        const result = await next(request);
        return { ...result, images: result.images.map((image) => ({ ...image, bytes: corrupt })) };
      },
    };
    const error = await rejectionOf(
      createImageClient({ provider: mockProvider({ bytes: png }), middleware: [swap] }).generate({
        prompt: 'a',
      }),
    );
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
  });
});
