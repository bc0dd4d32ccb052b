import { readFileSync } from 'node:fs';
import {
  AbortError,
  createImageClient,
  encodePng,
  InvalidRequestError,
  type ProgressEvent,
} from '@pictor/core';
import { createTfjs } from '@pictor/tfjs';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanAbsDiff, readPng, rejection } from './helpers.js';

// A photo shipped in the upscaler packages (128×128 hibiscus), with their own ×2/×4 results.
const upscalerAssets = '../../packages/tfjs/node_modules/@upscalerjs/';
const fixturePng = new Uint8Array(
  readFileSync(new URL(`${upscalerAssets}default-model/assets/fixture.png`, import.meta.url)),
);
const fixture = readPng(fixturePng);

/** Mean absolute RGB difference, leaving out `border` pixels on each side. */
function interiorDiff(
  a: { width: number; data: Uint8Array },
  b: { data: Uint8Array },
  border: number,
): number {
  let sum = 0;
  let count = 0;
  for (let y = border; y < a.width - border; y++) {
    for (let x = border; x < a.width - border; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 4 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
        count++;
      }
    }
  }
  return sum / count;
}

/** Box-downsamples RGBA by 2. */
function halve(image: { width: number; height: number; data: Uint8Array }) {
  const width = image.width / 2;
  const height = image.height / 2;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        const at = (dx: number, dy: number) => image.data[((2 * y + dy) * image.width + 2 * x + dx) * 4 + c]!;
        data[(y * width + x) * 4 + c] = Math.round((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
      }
    }
  }
  return { width, height, data };
}

const small = halve(fixture);
let smallPng: Uint8Array;
const factory = createTfjs({ backend: 'wasm' });
const upscaler = factory('upscaler-default');
const slim = factory('esrgan-slim');
const client = createImageClient({ provider: upscaler });

beforeAll(async () => {
  smallPng = await encodePng(small);
});
afterAll(async () => {
  await upscaler.dispose?.();
  await slim.dispose?.();
});

describe('tfjs upscale edits (@upscalerjs weights)', () => {
  it('×2 and ×4 reproduce the packages’ own reference results (assets/samples) away from the borders', async () => {
    for (const [provider, folder, scale] of [
      [upscaler, 'default-model', 2],
      [slim, 'esrgan-slim', 4],
    ] as const) {
      const events: ProgressEvent[] = [];
      const result = await createImageClient({ provider }).edit(
        { mode: 'upscale', prompt: 'upscale', image: fixturePng, providerOptions: { tfjs: { scale } } },
        { onProgress: (e) => events.push(e) },
      );
      const out = readPng(result.images[0]!.bytes);
      const reference = readPng(
        readFileSync(
          new URL(`${upscalerAssets}${folder}/assets/samples/${scale}x/result.png`, import.meta.url),
        ),
      );
      expect([out.width, out.height]).toEqual([128 * scale, 128 * scale]);
      expect(result.providerMetadata?.tfjs).toMatchObject({ backend: 'wasm', scale });
      // UpscalerJS feeds the border zero padding (dark edges); we mirror the image there, so only
      // the interior is expected to match.
      expect(interiorDiff(out, reference, 16)).toBeLessThan(0.1);
      expect(meanAbsDiff(out.data, reference.data)).toBeLessThan(1);
      expect(events.map((e) => e.type)).toEqual(['queued', 'step', 'decoding', 'done']);
    }
  });

  it('tiles large inputs with per-tile progress, and tiles do not show', async () => {
    const whole = await client.edit({ mode: 'upscale', prompt: 'x', image: smallPng });
    const steps: ProgressEvent[] = [];
    const tiled = await client.edit(
      { mode: 'upscale', prompt: 'x', image: smallPng, providerOptions: { tfjs: { tileSize: 16 } } },
      { onProgress: (e) => e.type === 'step' && steps.push(e) },
    );
    expect(steps).toEqual(Array.from({ length: 16 }, (_, i) => ({ type: 'step', step: i + 1, total: 16 })));
    const a = readPng(whole.images[0]!.bytes).data;
    const b = readPng(tiled.images[0]!.bytes).data;
    expect(meanAbsDiff(a, b)).toBeLessThan(1);
  });

  it('esrgan-slim ×4 by providerOptions; an unknown factor names the field', async () => {
    const result = await createImageClient({ provider: slim }).edit({
      mode: 'upscale',
      prompt: 'x',
      image: smallPng,
      providerOptions: { tfjs: { scale: 4 } },
    });
    expect(readPng(result.images[0]!.bytes)).toMatchObject({ width: 256, height: 256 });
    const error = await rejection(
      createImageClient({ provider: slim }).edit({
        mode: 'upscale',
        prompt: 'x',
        image: smallPng,
        providerOptions: { tfjs: { scale: 5 } },
      }),
    );
    expect((error as InvalidRequestError).field).toBe('providerOptions.tfjs.scale');
  });

  it('reads JPEG (encoded by jpeg-js) and WebP inputs and flattens transparency onto white with a warning', async () => {
    const jpg = jpeg.encode({ width: 64, height: 64, data: Buffer.from(small.data) }, 95).data;
    const fromJpeg = await client.edit({ mode: 'upscale', prompt: 'x', image: new Uint8Array(jpg) });
    expect(readPng(fromJpeg.images[0]!.bytes)).toMatchObject({ width: 128, height: 128 });
    const webp = new Uint8Array(
      await sharp(Buffer.from(small.data), { raw: { width: 64, height: 64, channels: 4 } })
        .webp()
        .toBuffer(),
    );
    const fromWebp = await client.edit({ mode: 'upscale', prompt: 'x', image: webp });
    expect(readPng(fromWebp.images[0]!.bytes)).toMatchObject({ width: 128, height: 128 });
    const clear = await encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4) });
    const result = await client.edit({ mode: 'upscale', prompt: 'x', image: clear });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('white') }),
    );
    expect(readPng(result.images[0]!.bytes).data[0]).toBeGreaterThan(200);
  });

  it('rejects inputs it cannot read or that are too large, before running the model', async () => {
    const gif = new Uint8Array(await sharp(Buffer.from(fixturePng)).gif().toBuffer());
    const notRead = await rejection(client.edit({ mode: 'upscale', prompt: 'x', image: gif }));
    expect(InvalidRequestError.isInstance(notRead)).toBe(true);
    expect((notRead as InvalidRequestError).field).toBe('image');
    expect((notRead as Error).message).toContain('GIF images are not supported');
    const tiny = factory('upscaler-default', { maxInputPixels: 1000 });
    const big = await rejection(
      createImageClient({ provider: tiny }).edit({ mode: 'upscale', prompt: 'x', image: smallPng }),
    );
    expect((big as InvalidRequestError).field).toBe('image');
    // 1200×1200 × 8 would be 9600×9600: above the output limit, refused before decoding.
    const wide = await encodePng({ width: 1200, height: 1200, data: new Uint8Array(1200 * 1200 * 4) });
    const huge = await rejection(
      createImageClient({ provider: slim }).edit({
        mode: 'upscale',
        prompt: 'x',
        image: wide,
        providerOptions: { tfjs: { scale: 8 } },
      }),
    );
    expect((huge as InvalidRequestError).field).toBe('image');
    expect((huge as Error).message).toContain('9600×9600');
  });

  it('cannot generate from text', async () => {
    const error = await rejection(client.generate({ prompt: 'a cat' }));
    expect((error as { code: string }).code).toBe('unsupported_feature');
  });

  it('aborts between tiles: no further tiles run, no events after the abort, no tensors left', async () => {
    await client.edit({ mode: 'upscale', prompt: 'x', image: smallPng }); // weights loaded
    const start = tf.memory().numTensors;
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const pending = upscaler.edit!(
      { mode: 'upscale', prompt: 'x', image: smallPng, providerOptions: { tfjs: { tileSize: 8 } } },
      {
        signal: controller.signal,
        onProgress: (event) => {
          events.push(event);
          if (event.type === 'step' && event.step === 3) controller.abort();
        },
      },
    );
    const error = await rejection(pending);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(events.map((e) => (e.type === 'step' ? e.step : e.type))).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
