// A model on this machine with ONNX Runtime: GPU execution providers first, CPU always.
// Run: pnpm start [MODEL] [OUT_DIR]
//   MODEL: `emoji` (the embedded model, default) or a folder exported by optimum/diffusers
//   (model_index.json, text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClient } from '@pictor/core';
import { onnx } from '@pictor/onnx';

const [model = 'emoji', outDir = 'out'] = process.argv.slice(2);
await mkdir(outDir, { recursive: true });

// `ep: 'auto'` tries TensorRT, CUDA, DirectML or CoreML where present, then CPU; the result says which ran.
const client = createImageClient({ provider: onnx(model, { ep: 'auto' }) });
const { steps } = client.capabilities;

try {
  const result = await client.generate(
    { prompt: 'a red apple on a table', seed: 11, ...(steps ? { steps: Math.min(steps.max, 4) } : {}) },
    {
      onProgress: (event) => {
        if (event.type === 'step') console.log(`step ${event.step}/${event.total}`);
      },
    },
  );
  const image = result.images[0]!;
  const path = join(outDir, 'onnx.png');
  await writeFile(path, image.bytes);
  const ran = result.providerMetadata?.onnx?.executionProvider ?? 'unknown';
  console.log(
    `${path}  ${image.width}×${image.height} from ${result.provider}:${result.modelId} on ${String(ran)}`,
  );
  for (const warning of result.warnings) {
    if (warning.type === 'other') console.log(`note: ${warning.message}`);
    if (warning.type === 'adjusted') console.log(`note: ${warning.field} ${warning.from} → ${warning.to}`);
  }
} finally {
  await client.dispose();
}
