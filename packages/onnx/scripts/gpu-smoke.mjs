// GPU smoke test of @pictor/onnx: runs the tiny Stable Diffusion models with ep ['cuda', 'cpu'] and
// prints which execution provider ran, why others were skipped, and timings. From the repo root:
//
//   node --conditions=@pictor/source --import tsx packages/onnx/scripts/gpu-smoke.mjs [outFile.json]
//
// onnxruntime-node's CUDA provider libraries are downloaded by its install script (skipped in this
// repo by .npmrc). Without them this prints the CPU fallback and the reason, which is the honest result.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createImageClient } from '@pictor/core';
import * as ort from 'onnxruntime-node';
import { createOnnx } from '../src/index.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const report = {
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  backends: ort.listSupportedBackends(),
  runs: [],
};
console.log('onnxruntime-node backends:', JSON.stringify(report.backends));

for (const [folder, size] of [
  ['tiny-sd', 512],
  ['tiny-sd-fp16', 512],
  ['tiny-sd', 1024],
]) {
  const provider = createOnnx({ baseDir: fixtures, ep: ['cuda', 'cpu'] })(folder, { scheduler: 'euler' });
  const client = createImageClient({ provider });
  const request = { prompt: 'a lighthouse at dusk', width: size, height: size, steps: 20, seed: 1 };
  const first = await client.generate(request);
  const second = await client.generate(request);
  const meta = second.providerMetadata?.onnx ?? {};
  const run = {
    folder,
    size,
    executionProvider: meta.executionProvider,
    skipped: meta.skipped,
    firstCallMs: Math.round(first.timings.totalMs),
    loadMs: Math.round(first.timings.loadMs ?? 0),
    warmCallMs: Math.round(second.timings.totalMs),
    denoiseMsPerStep: +((second.timings.denoiseMs ?? 0) / 20).toFixed(3),
    decodeMs: Math.round(second.timings.decodeMs ?? 0),
    sameImageTwice: Buffer.from(first.images[0].bytes).equals(Buffer.from(second.images[0].bytes)),
  };
  report.runs.push(run);
  console.log(JSON.stringify(run));
  await client.dispose();
}

const strict = createOnnx({ baseDir: fixtures, ep: 'cuda', strict: true })('tiny-sd');
try {
  await createImageClient({ provider: strict }).generate({ prompt: 'x', width: 64, height: 64, steps: 1 });
  report.strictCuda = 'ran on cuda';
} catch (error) {
  report.strictCuda = `${error.name}: ${error.message}`;
}
console.log('strict cuda:', report.strictCuda);
await strict.dispose();
if (process.argv[2]) writeFileSync(process.argv[2], `${JSON.stringify(report, null, 2)}\n`);
