import { createImageClient, InvalidRequestError, readImageInfo } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnx } from '../src/index.js';
import { fixtures } from './helpers.js';

const onnx = createOnnx({ baseDir: fixtures, ep: 'cpu' });

describe('single-graph generator with a Pictor model card', () => {
  it('turns a prompt into words + seeded noise and returns the fixed-size image', async () => {
    const provider = onnx('tiny-generator');
    expect(provider.capabilities).toMatchObject({
      defaultSize: { width: 16, height: 16 },
      seed: true,
      negativePrompt: false,
      progress: 'coarse',
    });
    const client = createImageClient({ provider });
    const result = await client.generate({ prompt: 'Red apples, please', seed: 9, n: 3 });
    expect(result.images.map((i) => i.seed)).toEqual([9, 10, 11]);
    for (const image of result.images)
      expect(readImageInfo(image.bytes)).toEqual({ mediaType: 'image/png', width: 16, height: 16 });
    expect(result.providerMetadata?.onnx).toMatchObject({
      executionProvider: 'cpu',
      words: ['red', 'apple'],
    });
    expect(result.images[0]!.bytes).not.toEqual(result.images[1]!.bytes);
    await provider.dispose?.();
  });

  it('equals a bare session.run with the same inputs (round((x+1)·127.5))', async () => {
    const provider = onnx('tiny-generator');
    const result = await createImageClient({ provider }).generate({ prompt: 'cat', seed: 3 });
    const session = await ort.InferenceSession.create(`${fixtures}/tiny-generator/weights/generator.onnx`);
    const { seededNormal } = await import('@pictor/core');
    const words = new Float32Array(6);
    words[2] = 1;
    const out = await session.run({
      words: new ort.Tensor('float32', words, [1, 6]),
      z: new ort.Tensor('float32', seededNormal(3, 8), [1, 8]),
    });
    const data = out.image!.data as Float32Array;
    const image = await decodeImage(result.images[0]!.bytes);
    for (let p = 0; p < 256; p++) {
      for (let c = 0; c < 3; c++) {
        expect(image.data[p * 4 + c]).toBe(
          Math.min(255, Math.max(0, Math.round((data[c * 256 + p]! + 1) * 127.5))),
        );
      }
    }
    await session.release();
    await provider.dispose?.();
  });

  it('unknown words are a warning; no known word is an InvalidRequestError with suggestions', async () => {
    const client = createImageClient({ provider: onnx('tiny-generator') });
    const partial = await client.generate({ prompt: 'a red zebra', seed: 1 });
    expect(partial.warnings).toContainEqual({
      type: 'other',
      source: 'onnx',
      message: 'unknown words ignored: zebra',
    });
    const error = await client.generate({ prompt: 'a hart', seed: 1 }).catch((e) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('prompt');
    expect((error as InvalidRequestError).suggestions).toContain('heart');
    await client.dispose();
  });

  it('width/height are dropped with a warning (fixed-size model)', async () => {
    const client = createImageClient({ provider: onnx('tiny-generator') });
    const result = await client.generate({ prompt: 'star', width: 64, seed: 1 });
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'width' }));
    expect(result.images[0]!.width).toBe(16);
    await client.dispose();
  });

  it('runs the embedded emoji model (onnx("emoji"))', async () => {
    const provider = onnx('emoji');
    expect(provider.capabilities.defaultSize).toEqual({ width: 32, height: 32 });
    const result = await createImageClient({ provider }).generate({ prompt: 'red apple', seed: 7 });
    expect(readImageInfo(result.images[0]!.bytes)).toEqual({ mediaType: 'image/png', width: 32, height: 32 });
    expect(result.providerMetadata?.onnx).toMatchObject({
      executionProvider: 'cpu',
      words: ['red', 'apple'],
    });
    await provider.dispose?.();
  });
});
