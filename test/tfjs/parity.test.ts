// One model, two runtimes: the tfjs export run by @pictor/tfjs and the ONNX export run by
// onnxruntime-node, same prompt and seed → images within 2/255 mean absolute difference.
import { createImageClient, seededNormal } from '@pictor/core';
import { encodePrompt, imagesFromOutput, modelCard, vocabulary } from '@pictor/model-emoji';
import { generatorOnnxPath } from '@pictor/model-emoji/node';
import { createTfjs } from '@pictor/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPng } from './helpers.js';

const prompts = ['elephant', 'red apple', 'smiling face', 'rocket', 'pizza', 'heart', 'tree', 'car'];
const seeds = [0, 1, 42, 4294967295];
let session: ort.InferenceSession;

/** The bare ONNX Runtime call, fed exactly as the model card says. */
async function onnxImages(prompt: string, seed: number, n: number): Promise<Uint8Array[]> {
  const V = vocabulary.size;
  const zDim = modelCard.z_dim;
  const { words } = encodePrompt(prompt);
  const wordRows = new Float32Array(n * V);
  const z = new Float32Array(n * zDim);
  for (let i = 0; i < n; i++) {
    wordRows.set(words, i * V);
    z.set(seededNormal((seed + i) >>> 0, zDim), i * zDim);
  }
  const output = await session.run({
    words: new ort.Tensor('float32', wordRows, [n, V]),
    z: new ort.Tensor('float32', z, [n, zDim]),
  });
  return imagesFromOutput(output.image!.data as Float32Array, { count: n, size: modelCard.image_size });
}

function meanAbsRgb(rgba: Uint8Array, rgb: Uint8Array): number {
  let sum = 0;
  for (let p = 0; p < rgb.length / 3; p++)
    for (let c = 0; c < 3; c++) sum += Math.abs(rgba[p * 4 + c]! - rgb[p * 3 + c]!);
  return sum / rgb.length;
}

beforeAll(async () => {
  session = await ort.InferenceSession.create(generatorOnnxPath);
});
afterAll(() => session?.release());

describe.each(['wasm', 'cpu'] as const)('tfjs (%s) vs onnxruntime-node, same prompt and seed', (backend) => {
  const provider = createTfjs({ backend })('emoji', { maxImagesPerCall: 4 });
  afterAll(() => provider.dispose?.());

  it('gives images within 2/255 mean absolute difference', async () => {
    const client = createImageClient({ provider });
    let worst = 0;
    // The cpu backend is plain JavaScript (slow on convolutions): fewer prompts there.
    for (const [i, prompt] of prompts.slice(0, backend === 'cpu' ? 3 : prompts.length).entries()) {
      const seed = seeds[i % seeds.length]!;
      const result = await client.generate({ prompt, seed, n: 2 });
      expect(result.providerMetadata?.tfjs?.backend).toBe(backend);
      const reference = await onnxImages(prompt, seed, 2);
      result.images.forEach((image, k) => {
        const difference = meanAbsRgb(readPng(image.bytes).data, reference[k]!);
        worst = Math.max(worst, difference);
        expect(difference, `${prompt} seed ${seed + k}`).toBeLessThanOrEqual(2);
      });
    }
    // Both are float32 implementations of the same graph: in practice they agree to the rounding.
    expect(worst).toBeLessThan(0.5);
  });

  it('the two runtimes agree for different seeds too (noise comes from core, not the runtime)', async () => {
    const client = createImageClient({ provider });
    const a = await client.generate({ prompt: 'cat', seed: 123 });
    const [reference] = await onnxImages('cat', 123, 1);
    const [other] = await onnxImages('cat', 124, 1);
    const pixels = readPng(a.images[0]!.bytes).data;
    expect(meanAbsRgb(pixels, reference!)).toBeLessThanOrEqual(2);
    expect(meanAbsRgb(pixels, other!)).toBeGreaterThan(1);
  });
});
