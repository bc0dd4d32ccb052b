// Parity check: weights/generator.onnx (onnxruntime-node) vs weights/tfjs/generator (tfjs GraphModel,
// wasm backend) vs the torch outputs stored by export.py in train/parity_fixture.json.
//
//   ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix /tmp/tfjs-check \
//     @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 onnxruntime-node@1.30.0
//   CHECK_MODULES=/tmp/tfjs-check node packages/model-emoji/train/check_parity.mjs
//
// Prints JSON with mean/max abs differences; exits 1 if mean abs diff > 2/255.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const weights = path.join(here, '..', 'weights');
const modDir = process.env.CHECK_MODULES ?? '/tmp/tfjs-check';
const require = createRequire(path.join(modDir, 'package.json'));
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const ort = require('onnxruntime-node');

wasm.setWasmPaths(path.join(modDir, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));

function loadGraph(dir) {
  const mj = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(path.join(dir, mj.weightsManifest[0].paths[0]));
  const handler = {
    load: async () => ({
      modelTopology: mj.modelTopology,
      weightSpecs: mj.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      format: mj.format,
      generatedBy: mj.generatedBy,
      convertedBy: mj.convertedBy,
      signature: mj.signature,
    }),
  };
  return tf.loadGraphModel(handler);
}

function stats(a, b) {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { mean: sum / a.length, max };
}

const fx = JSON.parse(readFileSync(path.join(here, 'parity_fixture.json'), 'utf8'));
const N = fx.words.length;
const V = fx.words[0].length;
const words = Float32Array.from(fx.words.flat());
const z = Float32Array.from(fx.z.flat());
const torchOut = Float32Array.from(fx.image.flat());

const result = { n: N, vocab: V };
const sess = await ort.InferenceSession.create(path.join(weights, 'generator.onnx'));
const t0 = performance.now();
const o = await sess.run({ words: new ort.Tensor('float32', words, [N, V]), z: new ort.Tensor('float32', z, [N, 64]) });
result.ort_ms = +(performance.now() - t0).toFixed(2);
const ortOut = o.image.data;

for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = await loadGraph(path.join(weights, 'tfjs', 'generator'));
  const t1 = performance.now();
  const y = model.execute({ words: tf.tensor2d(words, [N, V]), z: tf.tensor2d(z, [N, 64]) }, 'image');
  const tfOut = await y.data();
  result[`tfjs_${backend}_ms`] = +(performance.now() - t1).toFixed(2);
  result[`tfjs_${backend}_shape`] = y.shape;
  result[`tfjs_${backend}_vs_ort`] = stats(tfOut, ortOut);
}
result.ort_vs_torch = stats(ortOut, torchOut);
result.ort_shape = o.image.dims;

// CLIP towers (if present): tfjs vs ORT on the generated images / words
try {
  await tf.setBackend('wasm');
  for (const [name, input, shape, data] of [
    ['clip-image', 'image', [N, 3, 32, 32], ortOut],
    ['clip-text', 'words', [N, V], words],
  ]) {
    const s = await ort.InferenceSession.create(path.join(weights, `${name}.onnx`));
    const eo = (await s.run({ [input]: new ort.Tensor('float32', Float32Array.from(data), shape) })).embedding.data;
    const m = await loadGraph(path.join(weights, 'tfjs', name));
    const et = await m.execute({ [input]: tf.tensor(Float32Array.from(data), shape) }, 'embedding').data();
    result[`${name}_tfjs_vs_ort`] = stats(et, eo);
  }
} catch (e) {
  result.clip_error = String(e);
}

result.threshold = 2 / 255;
result.pass = result.tfjs_wasm_vs_ort.mean <= 2 / 255 && result.tfjs_cpu_vs_ort.mean <= 2 / 255;
console.log(JSON.stringify(result, null, 1));
process.exit(result.pass ? 0 : 1);
