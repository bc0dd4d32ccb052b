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
import { sideBySide } from './harness.js';

const prompt = 'a red apple';

async function emojiFigures(
  backend: 'wasm' | 'cpu',
  n: number,
  rounds: number,
  perRound: number,
): Promise<BenchFigure[]> {
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
  let outsideMs = 0;
  let calls = 0;
  const viaClient = async () => {
    const result = await client.generate({ prompt, seed: 7, n });
    outsideMs += result.timings.totalMs - (result.timings.inferenceMs ?? 0);
    calls++;
  };
  await sideBySide(viaClient, bare, 1, 3); // warm up, load weights
  outsideMs = 0;
  calls = 0;
  // One side-by-side pair per round; the machine is shared, so the ratio is the median of the rounds.
  const ratios: number[] = [];
  let aMs = 0;
  let bMs = 0;
  for (let r = 0; r < rounds; r++) {
    const pair = await sideBySide(viaClient, bare, 1, perRound);
    aMs += pair.aMs;
    bMs += pair.bMs;
    ratios.push(pair.bMs / pair.aMs);
  }
  ratios.sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const images = rounds * perRound * n;
  const clientRate = images / (aMs / 1000);
  const bareRate = images / (bMs / 1000);
  graph.dispose();
  await provider.dispose?.();
  return [
    {
      name: `emoji 32×32 on tfjs ${backend}, n=${n} per call: createImageClient`,
      value: clientRate,
      unit: 'img/s',
      baseline: { name: 'bare graph.execute + data() on the same inputs', value: bareRate, unit: 'img/s' },
      ratio: median,
      goal: '≥ 0.8× the bare call',
      met: median >= 0.8,
      note: `${images} images each side in ${rounds} alternating rounds; ratio = median over rounds of client rate ÷ bare rate (totals ratio ${(clientRate / bareRate).toFixed(3)}, rounds ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)})`,
    },
    {
      name: `emoji on tfjs ${backend}, n=${n}: the adapter's work outside the forward pass, per call`,
      value: outsideMs / calls,
      unit: 'ms',
      note: 'result.timings.totalMs − inferenceMs: prompt encoding, noise, output conversion, PNG encoding',
    },
  ];
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
  const oneTile = () =>
    client.edit({ mode: 'upscale', prompt: 'x', image, providerOptions: { tfjs: { tileSize: 256 } } });
  const bare = async () => {
    const output = tf.tidy(() =>
      (model.predict(tf.tensor4d(rgb, [1, 256, 256, 3])) as TF.Tensor).clipByValue(0, 255),
    );
    await output.data();
    output.dispose();
  };
  await viaClient();
  await bare();
  const rounds = 3;
  const tiled = await sideBySide(viaClient, bare, rounds, 1);
  const whole = await sideBySide(oneTile, bare, rounds, 1);
  model.dispose();
  await provider.dispose?.();
  const bareMs = (tiled.bMs + whole.bMs) / (2 * rounds);
  return [
    {
      name: 'ESRGAN ×2 (upscaler-default) 256×256 → 512×512 on tfjs wasm: client.edit, 4 tiles of 128 (+8 context)',
      value: tiled.aMs / rounds,
      unit: 'ms',
      baseline: {
        name: 'bare model.predict on the whole 256×256 image',
        value: tiled.bMs / rounds,
        unit: 'ms',
      },
      ratio: tiled.aMs / tiled.bMs,
      note: `${rounds} images each side, alternating; tiles see 144² = 1.27× the pixels; includes PNG decode/encode`,
    },
    {
      name: 'ESRGAN ×2 256×256 on tfjs wasm: client.edit with tileSize 256 (one 272² tile)',
      value: whole.aMs / rounds,
      unit: 'ms',
      baseline: {
        name: 'bare model.predict on the whole 256×256 image',
        value: whole.bMs / rounds,
        unit: 'ms',
      },
      ratio: whole.aMs / whole.bMs,
      note: `${rounds} images each side, alternating; bare mean over both pairs ${bareMs.toFixed(0)} ms`,
    },
  ];
}

export default async function run(): Promise<BenchFigure[]> {
  return [
    ...(await emojiFigures('wasm', 1, 11, 20)),
    ...(await emojiFigures('wasm', 16, 7, 2)),
    ...(await emojiFigures('cpu', 1, 5, 2)),
    ...(await esrganFigures()),
  ];
}
