// The emoji model on tfjs: images per second through createImageClient vs the bare
// `model.execute` + `data()` on the same inputs, on the wasm and cpu backends; and ESRGAN ×2 on a
// 256×256 input. The client path does everything a user gets: prompt encoding, seeded noise,
// validation, PNG encoding and reading the PNG header back.
import { createImageClient, encodePng, seededNormal } from '@pictor/core';
import { encodePrompt, modelCard, vocabulary } from '@pictor/model-emoji';
import { generatorTfjsPath } from '@pictor/model-emoji/node';
import {
  createTfjs,
  loadGraphModelFromPath,
  loadLayersModelFromPath,
  selectBackend,
  upscalerModelPath,
} from '@pictor/tfjs';
import type * as TF from '@tensorflow/tfjs';
import type { BenchFigure } from './harness.js';
import { measure, sideBySide } from './harness.js';

const prompt = 'a red apple';

async function emojiFigures(
  backend: 'wasm' | 'cpu',
  n: number,
  rounds: number,
  perRound: number,
): Promise<BenchFigure> {
  const { tf } = await selectBackend(backend);
  const provider = createTfjs({ backend })('emoji', { maxImagesPerCall: 16 });
  const client = createImageClient({ provider });
  const graph = await loadGraphModelFromPath(tf, generatorTfjsPath);
  const V = vocabulary.size;
  const words = new Float32Array(n * V);
  const z = new Float32Array(n * modelCard.z_dim);
  for (let i = 0; i < n; i++) {
    words.set(encodePrompt(prompt).words, i * V);
    z.set(seededNormal(7 + i, modelCard.z_dim), i * modelCard.z_dim);
  }
  const bare = async () => {
    const output = tf.tidy(
      () =>
        graph.execute(
          { words: tf.tensor2d(words, [n, V]), z: tf.tensor2d(z, [n, modelCard.z_dim]) },
          'image',
        ) as TF.Tensor,
    );
    await output.data();
    output.dispose();
  };
  const viaClient = () => client.generate({ prompt, seed: 7, n });
  await sideBySide(viaClient, bare, 1, 3); // warm up, load weights
  const { aMs, bMs } = await sideBySide(viaClient, bare, rounds, perRound);
  const images = rounds * perRound * n;
  const clientRate = images / (aMs / 1000);
  const bareRate = images / (bMs / 1000);
  graph.dispose();
  await provider.dispose?.();
  return {
    name: `emoji 32×32 on tfjs ${backend}, n=${n} per call: createImageClient`,
    value: clientRate,
    unit: 'img/s',
    baseline: { name: 'bare graph.execute + data() on the same inputs', value: bareRate, unit: 'img/s' },
    ratio: clientRate / bareRate,
    goal: '≥ 0.8× the bare call',
    met: clientRate / bareRate >= 0.8,
    note: `${images} images each side, alternating rounds; client path includes prompt encoding, noise, PNG encoding`,
  };
}

async function esrganFigures(): Promise<BenchFigure[]> {
  const { tf } = await selectBackend('wasm');
  const provider = createTfjs({ backend: 'wasm' })('upscaler-default');
  const client = createImageClient({ provider });
  const data = new Uint8Array(256 * 256 * 4);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24; // busy texture
  const image = await encodePng({ width: 256, height: 256, data });
  const model = await loadLayersModelFromPath(tf, upscalerModelPath('upscaler-default', 2));
  const rgb = new Float32Array(256 * 256 * 3);
  for (let p = 0; p < 256 * 256; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * 4 + c]!;
  const viaClient = () => client.edit({ mode: 'upscale', prompt: 'x', image });
  const bare = async () => {
    const output = tf.tidy(() =>
      (model.predict(tf.tensor4d(rgb, [1, 256, 256, 3])) as TF.Tensor).clipByValue(0, 255),
    );
    await output.data();
    output.dispose();
  };
  await viaClient();
  await bare();
  const { aMs, bMs } = await sideBySide(viaClient, bare, 3, 1);
  const single = await measure(bare, 1, 0);
  model.dispose();
  await provider.dispose?.();
  return [
    {
      name: 'ESRGAN ×2 (upscaler-default) 256×256 → 512×512 on tfjs wasm: client.edit, 4 tiles of 128',
      value: aMs / 3,
      unit: 'ms',
      baseline: { name: 'bare model.predict on the whole 256×256 image', value: bMs / 3, unit: 'ms' },
      ratio: aMs / bMs,
      note: `3 images each side; client path includes mirror-padded tiles, PNG decode and encode (last bare run ${single.meanMs.toFixed(0)} ms)`,
    },
  ];
}

export default async function run(): Promise<BenchFigure[]> {
  return [
    await emojiFigures('wasm', 1, 10, 20),
    await emojiFigures('wasm', 16, 5, 2),
    await emojiFigures('cpu', 1, 3, 3),
    await emojiFigures('cpu', 16, 2, 1),
    ...(await esrganFigures()),
  ];
}
