import { AbortError, createImageClient, InvalidRequestError, type ProgressEvent } from '@pictor/core';
import { createTfjs, tfjsModels } from '@pictor/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { meanAbsDiff, readPng, rejection } from './helpers.js';

const provider = createTfjs({ backend: 'wasm' })('emoji');
const client = createImageClient({ provider });
afterAll(() => provider.dispose?.());

describe('tfjs:emoji generate', () => {
  it('makes a 32×32 PNG that a third-party reader decodes, and reports the backend and seed', async () => {
    const events: ProgressEvent[] = [];
    const result = await client.generate(
      { prompt: 'a red apple', seed: 11 },
      { onProgress: (e) => events.push(e) },
    );
    const [image] = result.images;
    expect(image!.mediaType).toBe('image/png');
    expect(readPng(image!.bytes)).toMatchObject({ width: 32, height: 32 });
    expect(image!.seed).toBe(11);
    expect(result.providerMetadata?.tfjs).toMatchObject({ backend: 'wasm', route: 'wasm' });
    expect(result.timings.inferenceMs).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(['queued', 'decoding', 'done']);
  });

  it('the same seed gives the same image, other seeds give other images, n uses seed + i', async () => {
    const a = await client.generate({ prompt: 'cat face', seed: 5 });
    const b = await client.generate({ prompt: 'cat face', seed: 5 });
    expect(b.images[0]!.bytes).toEqual(a.images[0]!.bytes);
    const batch = await client.generate({ prompt: 'cat face', seed: 4, n: 3 });
    expect(batch.images.map((i) => i.seed)).toEqual([4, 5, 6]);
    expect(batch.images[1]!.bytes).toEqual(a.images[0]!.bytes);
    const pixels = batch.images.map((i) => readPng(i.bytes).data);
    expect(meanAbsDiff(pixels[0]!, pixels[1]!)).toBeGreaterThan(1);
    expect(meanAbsDiff(pixels[1]!, pixels[2]!)).toBeGreaterThan(1);
  });

  it('a different prompt gives a different image for the same seed', async () => {
    const apple = readPng((await client.generate({ prompt: 'red apple', seed: 9 })).images[0]!.bytes).data;
    const car = readPng((await client.generate({ prompt: 'blue car', seed: 9 })).images[0]!.bytes).data;
    expect(meanAbsDiff(apple, car)).toBeGreaterThan(1);
  });

  it('makes 64, 128 and 256 through esrgan-slim (or nearest), declared as sizes', async () => {
    expect(provider.capabilities.sizes?.map((s) => s.width)).toEqual([32, 64, 128, 256]);
    const small = readPng((await client.generate({ prompt: 'rocket', seed: 3 })).images[0]!.bytes);
    const otherSeed = readPng((await client.generate({ prompt: 'rocket', seed: 4 })).images[0]!.bytes);
    const seedDistance = meanAbsDiff(small.data, otherSeed.data);
    for (const size of [64, 128, 256]) {
      const result = await client.generate({ prompt: 'rocket', seed: 3, width: size, height: size });
      const image = readPng(result.images[0]!.bytes);
      expect(image.width).toBe(size);
      expect(result.providerMetadata?.tfjs?.upscaler).toBe(`esrgan-slim ×${size / 32}`);
      // The enlarged picture is still the small one: compare its box-downsampled version with the original.
      const factor = size / 32;
      const down = new Uint8Array(32 * 32 * 4);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          for (let c = 0; c < 4; c++) {
            let sum = 0;
            for (let dy = 0; dy < factor; dy++) {
              for (let dx = 0; dx < factor; dx++)
                sum += image.data[((y * factor + dy) * size + x * factor + dx) * 4 + c]!;
            }
            down[(y * 32 + x) * 4 + c] = Math.round(sum / factor / factor);
          }
        }
      }
      // Super-resolution is not exactly reversible, but it stays far closer to its source than another seed is.
      expect(meanAbsDiff(down, small.data)).toBeLessThan(Math.min(16, seedDistance / 2));
    }
    const nearest = await client.generate({
      prompt: 'rocket',
      seed: 3,
      width: 64,
      height: 64,
      providerOptions: { tfjs: { upscaler: 'nearest' } },
    });
    const big = readPng(nearest.images[0]!.bytes);
    expect(Array.from(big.data.subarray(0, 4))).toEqual(Array.from(small.data.subarray(0, 4)));
    expect(nearest.providerMetadata?.tfjs?.upscaler).toBe('nearest ×2');
  });

  it('warns about unknown words and still draws the known ones', async () => {
    const result = await client.generate({ prompt: 'a red apple on a zorgblat', seed: 1 });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        type: 'other',
        source: 'tfjs',
        message: expect.stringContaining('zorgblat'),
      }),
    );
    const plain = await client.generate({ prompt: 'red apple', seed: 1 });
    expect(result.images[0]!.bytes).toEqual(plain.images[0]!.bytes);
  });

  it('a prompt with no known word is an InvalidRequestError with suggestions', async () => {
    const error = await rejection(client.generate({ prompt: 'an elefant' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('prompt');
    expect((error as InvalidRequestError).suggestions).toContain('elephant');
    const none = await rejection(client.generate({ prompt: 'qqqqqqqqqqqq' }));
    expect((none as InvalidRequestError).suggestions.length).toBeGreaterThan(0);
  });

  it('rejects bad sizes and bad providerOptions naming the field', async () => {
    const size = await rejection(client.generate({ prompt: 'apple', width: 96, height: 96 }));
    expect((size as InvalidRequestError).field).toBe('width');
    const option = await rejection(
      client.generate({ prompt: 'apple', providerOptions: { tfjs: { upscaler: 'bicubic' } } }),
    );
    expect((option as InvalidRequestError).field).toBe('providerOptions.tfjs.upscaler');
    const unknown = await rejection(
      client.generate({ prompt: 'apple', providerOptions: { tfjs: { steps: 3 } } }),
    );
    expect(InvalidRequestError.isInstance(unknown)).toBe(true);
  });

  it('drops the negative prompt with a warning (the model has none)', async () => {
    const result = await client.generate({ prompt: 'apple', negativePrompt: 'green' });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ type: 'unsupported', field: 'negativePrompt' }),
    );
  });

  it('has a catalogue entry matching the provider', () => {
    expect(tfjsModels.emoji.capabilities).toEqual(provider.capabilities);
  });

  it('an abort that arrives just after the call starts stops the provider itself, not only the client', async () => {
    await client.generate({ prompt: 'apple' }); // weights loaded
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const events: ProgressEvent[] = [];
      const pending = provider.generate(
        { prompt: 'apple', seed: i },
        { signal: controller.signal, onProgress: (e) => events.push(e) },
      );
      setTimeout(() => controller.abort(), 0);
      expect(AbortError.isInstance(await rejection(pending))).toBe(true);
      expect(events).toEqual([]);
    }
  });

  it('works again after dispose (models reload on demand)', async () => {
    const other = createTfjs({ backend: 'wasm' })('emoji', { size: 64 });
    const before = await createImageClient({ provider: other }).generate({ prompt: 'sun', seed: 2 });
    await other.dispose?.();
    await other.dispose?.();
    const after = await createImageClient({ provider: other }).generate({ prompt: 'sun', seed: 2 });
    expect(after.images[0]!.bytes).toEqual(before.images[0]!.bytes);
    expect(after.images[0]!.width).toBe(64);
    await other.dispose?.();
  });
});
