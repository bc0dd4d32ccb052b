import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortError,
  createImageClient,
  type ImageProvider,
  InvalidRequestError,
  type ProgressEvent,
  readImageInfo,
} from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { afterAll, describe, expect, it } from 'vitest';
import { createOnnx } from '../src/index.js';
import { SCHEDULERS } from '../src/sd/schedulers/index.js';
import { fixtures, meanAbsDiff, png } from './helpers.js';

const onnx = createOnnx({ baseDir: fixtures, ep: 'cpu', threads: 1 });
const opened: ImageProvider[] = [];
function model(name: string, options: Parameters<typeof onnx>[1] = {}) {
  const provider = onnx(name, options);
  opened.push(provider);
  return { provider, client: createImageClient({ provider }) };
}
afterAll(async () => {
  await Promise.all(opened.map((p) => p.dispose?.()));
});

const base = { prompt: 'a photo of a red cat', width: 64, height: 64, seed: 42, steps: 4 };

describe('txt2img on tiny optimum-layout models', () => {
  const folders = ['tiny-sd', 'tiny-sd-fp16', 'tiny-lcm', 'tiny-sd-inpaint'];
  for (const folder of folders) {
    for (const scheduler of SCHEDULERS) {
      it(`${folder} with ${scheduler}: a PNG of the asked size, a progress event per step, reproducible`, async () => {
        const { client } = model(folder);
        const events: ProgressEvent[] = [];
        const request = { ...base, providerOptions: { onnx: { scheduler } } };
        const result = await client.generate(request, { onProgress: (e) => events.push(e) });
        expect(result.images).toHaveLength(1);
        expect(readImageInfo(result.images[0]!.bytes)).toEqual({
          mediaType: 'image/png',
          width: 64,
          height: 64,
        });
        const steps = events.filter((e) => e.type === 'step');
        expect(steps.map((e) => (e.type === 'step' ? `${e.step}/${e.total}` : ''))).toEqual([
          '1/4',
          '2/4',
          '3/4',
          '4/4',
        ]);
        expect(events.findIndex((e) => e.type === 'decoding')).toBeGreaterThan(
          events.lastIndexOf(steps.at(-1)!),
        );
        expect(result.providerMetadata?.onnx).toMatchObject({
          executionProvider: 'cpu',
          skipped: [],
          scheduler,
          steps: 4,
        });
        const again = await client.generate(request);
        expect(again.images[0]!.bytes).toEqual(result.images[0]!.bytes);
        const other = await client.generate({ ...request, seed: 43 });
        expect(await meanAbsDiff(other.images[0]!.bytes, result.images[0]!.bytes)).toBeGreaterThan(0.5);
      });
    }
  }

  it('fp16 and fp32 graphs both run: float16 is converted at the edges', async () => {
    const fp16 = await model('tiny-sd-fp16').client.generate(base);
    const image = await decodeImage(fp16.images[0]!.bytes);
    const values = new Set(image.data);
    expect(values.size).toBeGreaterThan(8); // a real picture, not a constant or a NaN-black frame
  });

  it('reads UNet weights from external data (model.onnx_data)', async () => {
    expect(existsSync(join(fixtures, 'tiny-sd', 'unet', 'model.onnx_data'))).toBe(true);
    const result = await model('tiny-sd').client.generate(base);
    expect(result.images[0]!.bytes.length).toBeGreaterThan(100);
  });

  it('classifier-free guidance: on above 1 (two UNet batches, the negative prompt matters), off at ≤ 1', async () => {
    const { client } = model('tiny-sd');
    const off = await client.generate({ ...base, guidance: 1 });
    const on = await client.generate({ ...base, guidance: 7.5 });
    const negative = await client.generate({ ...base, guidance: 7.5, negativePrompt: 'blurry, lowres' });
    expect(off.providerMetadata?.onnx).toMatchObject({ guided: false });
    expect(on.providerMetadata?.onnx).toMatchObject({ guided: true, guidance: 7.5 });
    expect(on.usage).toMatchObject({ unetBatch: 2 });
    expect(await meanAbsDiff(off.images[0]!.bytes, on.images[0]!.bytes)).toBeGreaterThan(0.5);
    expect(await meanAbsDiff(negative.images[0]!.bytes, on.images[0]!.bytes)).toBeGreaterThan(0.1);
    const unguided = await client.generate({ ...base, guidance: 0, negativePrompt: 'blurry' });
    expect(
      unguided.warnings.some((w) => w.type === 'other' && /negativePrompt has no effect/.test(w.message)),
    ).toBe(true);
  });

  it('LCM with a guidance embedding (timestep_cond): no CFG batch, the scale still steers', async () => {
    const { client, provider } = model('tiny-lcm');
    expect(provider.capabilities.steps?.default).toBe(4);
    expect(provider.capabilities.guidance?.default).toBe(8.5);
    const low = await client.generate({ ...base, guidance: 2 });
    const high = await client.generate({ ...base, guidance: 8.5 });
    expect(high.providerMetadata?.onnx).toMatchObject({ scheduler: 'lcm', guided: false });
    expect(high.usage).toMatchObject({ unetBatch: 1 });
    expect(await meanAbsDiff(low.images[0]!.bytes, high.images[0]!.bytes)).toBeGreaterThan(0.1);
  });

  it('image i of a batch equals the single image with seed + i (noise is drawn per image)', async () => {
    const { client } = model('tiny-sd', { scheduler: 'euler-ancestral' });
    const batch = await client.generate({ ...base, n: 2, seed: 10 });
    const single = await client.generate({ ...base, seed: 11 });
    expect(batch.images.map((i) => i.seed)).toEqual([10, 11]);
    expect(await meanAbsDiff(batch.images[1]!.bytes, single.images[0]!.bytes)).toBeLessThan(0.5);
  });

  it('warns and truncates a prompt past the 77-token window', async () => {
    const result = await model('tiny-sd').client.generate({ ...base, prompt: 'a red cat '.repeat(40) });
    expect(
      result.warnings.some(
        (w) =>
          w.type === 'other' &&
          /^prompt is \d{3} tokens; the text encoder reads 75, so the rest was dropped$/.test(w.message),
      ),
    ).toBe(true);
  });

  it('rejects bad providerOptions.onnx naming the field, before any model work', async () => {
    const { client } = model('tiny-sd');
    const error = await client
      .generate({ ...base, providerOptions: { onnx: { scheduler: 'pndm' } } })
      .catch((e) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('providerOptions.onnx.scheduler');
  });
});

describe('edits', () => {
  const gradient = png(64, 64, (x, y) => [x * 4, y * 4, 128]);
  const other = png(64, 64, (x) => [255 - x * 4, 30, 200]);

  it('img2img: strength picks the starting step; the input image shapes the result', async () => {
    const { client, provider } = model('tiny-sd');
    expect(provider.capabilities.editModes).toEqual(['img2img']);
    const events: ProgressEvent[] = [];
    const request = {
      mode: 'img2img' as const,
      prompt: 'a cat',
      image: await gradient,
      strength: 0.5,
      steps: 10,
      seed: 1,
    };
    const result = await client.edit(request, { onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.total : 0))).toEqual(
      Array(5).fill(5),
    );
    expect(readImageInfo(result.images[0]!.bytes)).toMatchObject({ width: 64, height: 64 });
    const fromOther = await client.edit({ ...request, image: await other });
    expect(await meanAbsDiff(result.images[0]!.bytes, fromOther.images[0]!.bytes)).toBeGreaterThan(0.5);
    const lcm = await client.edit({ ...request, providerOptions: { onnx: { scheduler: 'lcm' } }, steps: 4 });
    expect(lcm.providerMetadata?.onnx).toMatchObject({ scheduler: 'lcm', steps: 4 });
  });

  it('img2img: a strength too small for any step is an InvalidRequestError on strength', async () => {
    const { client } = model('tiny-sd');
    const error = await client
      .edit({ mode: 'img2img', prompt: 'a cat', image: await gradient, strength: 0.05, steps: 4 })
      .catch((e) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('strength');
  });

  it('inpaint: the 9-channel UNet sees the mask and the masked image', async () => {
    const { client, provider } = model('tiny-sd-inpaint');
    expect(provider.capabilities.editModes).toEqual(['img2img', 'inpaint']);
    const left = await png(64, 64, (x) => (x < 32 ? [255, 255, 255] : [0, 0, 0]));
    const right = await png(64, 64, (x) => (x >= 32 ? [255, 255, 255] : [0, 0, 0]));
    const request = {
      mode: 'inpaint' as const,
      prompt: 'a cat',
      image: await gradient,
      mask: left,
      steps: 3,
      seed: 5,
    };
    const a = await client.edit(request);
    const b = await client.edit({ ...request, mask: right });
    expect(readImageInfo(a.images[0]!.bytes)).toMatchObject({ width: 64, height: 64 });
    expect(await meanAbsDiff(a.images[0]!.bytes, b.images[0]!.bytes)).toBeGreaterThan(0.5);
    const partial = await client.edit({ ...request, strength: 0.5, steps: 4 });
    expect(partial.providerMetadata?.onnx).toMatchObject({ steps: 2 });
    // Outside the mask the result is the input (the mask blend); inside it is redrawn.
    const input = await decodeImage(await gradient);
    const out = await decodeImage(a.images[0]!.bytes);
    let outside = 0;
    let inside = 0;
    for (let p = 0; p < 64 * 64; p++)
      for (let c = 0; c < 3; c++) {
        const d = Math.abs(out.data[p * 4 + c]! - input.data[p * 4 + c]!);
        if (p % 64 < 32) inside += d;
        else outside += d;
      }
    expect(outside).toBe(0);
    expect(inside / (32 * 64 * 3)).toBeGreaterThan(0.5);
  });

  it('img2img on a 9-channel UNet: everything masked, the input noised to the strength', async () => {
    const { client } = model('tiny-sd-inpaint');
    const request = { mode: 'img2img' as const, prompt: 'a cat', image: await gradient, steps: 4, seed: 5 };
    const low = await client.edit({ ...request, strength: 0.5 });
    expect(low.providerMetadata?.onnx).toMatchObject({ steps: 2 });
    const other = await client.edit({
      ...request,
      image: await png(64, 64, () => [255, 0, 0]),
      strength: 0.5,
    });
    expect(await meanAbsDiff(low.images[0]!.bytes, other.images[0]!.bytes)).toBeGreaterThan(0.5);
  });

  it('inpaint input errors name the field', async () => {
    const { client } = model('tiny-sd-inpaint');
    const small = await png(32, 32, () => [255, 255, 255]);
    const mismatch = await client
      .edit({ mode: 'inpaint', prompt: 'a cat', image: await gradient, mask: small })
      .catch((e) => e);
    expect((mismatch as InvalidRequestError).field).toBe('mask');
    // a real JPEG (libjpeg-turbo's cjpeg, test/fixtures/jpeg) cut before its scan: no image data
    const whole = new Uint8Array(
      readFileSync(new URL('../../../test/fixtures/jpeg/cjpeg-baseline.jpg', import.meta.url)),
    );
    const sos = whole.findIndex((b, i) => b === 0xff && whole[i + 1] === 0xda);
    const jpeg = whole.subarray(0, sos);
    const error = await model('tiny-sd').provider.edit!(
      { mode: 'img2img', prompt: 'a cat', image: jpeg },
      {},
    ).catch((e) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('image');
    expect((error as Error).message).toMatch(/image: is not a readable image: JPEG/);
  });
});

describe('abort', () => {
  it('stops between denoising steps, leaves no run going, and the model works afterwards', async () => {
    const { client, provider } = model('tiny-sd');
    const controller = new AbortController();
    const steps: number[] = [];
    const error = await client
      .generate(
        { ...base, steps: 20 },
        {
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type !== 'step') return;
            steps.push(e.step);
            if (e.step === 3) controller.abort();
          },
        },
      )
      .catch((e) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    // The provider itself stops: call it directly so the client's race does not hide it.
    const direct = new AbortController();
    const directSteps: number[] = [];
    const directError = await provider
      .generate(
        { ...base, steps: 20 },
        {
          signal: direct.signal,
          onProgress: (e) => {
            if (e.type === 'step') directSteps.push(e.step);
            if (e.type === 'step' && e.step === 2) direct.abort();
          },
        },
      )
      .catch((e) => e);
    expect(AbortError.isInstance(directError)).toBe(true);
    expect(directSteps).toEqual([1, 2]);
    const after = await client.generate(base);
    expect(after.images).toHaveLength(1);
  });
});
