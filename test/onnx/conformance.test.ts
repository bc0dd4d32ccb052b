import { fileURLToPath } from 'node:url';
import { createOnnx } from '@pictor/onnx';
import { describeConformance } from '../conformance/index.js';

// The tiny models committed with @pictor/onnx (optimum export names, shapes and dtypes; untrained weights).
const fixtures = fileURLToPath(new URL('../../packages/onnx/test/fixtures/', import.meta.url));
const onnx = createOnnx({ baseDir: fixtures, ep: ['cuda', 'cpu'], threads: 1 });
const request = { prompt: 'a red apple', width: 512, height: 512 };

describeConformance('onnx: Stable Diffusion folder (tiny fp32, optimum layout)', () => {
  const provider = onnx('tiny-sd', { steps: 4 });
  // 150 steps with guidance at 512×512: well over 300 ms on CPU, aborted between steps.
  const slow = onnx('tiny-sd', { steps: 150 });
  return {
    provider,
    request,
    slow: () => slow,
    failing: () => createOnnx({ baseDir: fixtures, ep: 'cuda', strict: true })('tiny-sd', { steps: 2 }),
    cleanup: async () => {
      await provider.dispose?.();
      await slow.dispose?.();
    },
  };
});

describeConformance('onnx: Stable Diffusion folder (tiny fp16, SD-Turbo style Euler trailing)', () => {
  const provider = onnx('tiny-sd-fp16', { steps: 2 });
  return {
    provider,
    request: { prompt: 'a red apple', width: 64, height: 64 },
    cleanup: async () => provider.dispose?.(),
  };
});

describeConformance('onnx: single-graph generator with a model card (embedded emoji model)', () => {
  const provider = onnx('emoji');
  return {
    provider,
    request: { prompt: 'red apple' },
    failing: () =>
      createOnnx({
        baseDir: fixtures,
        loadOrt: async () => {
          throw Object.assign(new Error("Cannot find package 'onnxruntime-node'"), {
            code: 'ERR_MODULE_NOT_FOUND',
          });
        },
      })('tiny-generator'),
    cleanup: async () => provider.dispose?.(),
  };
});
