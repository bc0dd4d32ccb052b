// Generate four images with the embedded emoji model: no account, no download, no GPU.
// Run: pnpm start [OUT_DIR]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClient } from '@pictor/core';
import { tfjs } from '@pictor/tfjs';

const outDir = process.argv[2] ?? 'out';
await mkdir(outDir, { recursive: true });

// One client around one provider. `tfjs('emoji')` is the model that ships inside @pictor/model-emoji.
const client = createImageClient({ provider: tfjs('emoji') });

try {
  const result = await client.generate(
    // n: 4 with a seed gives seeds 7, 8, 9, 10: the same four images every run.
    { prompt: 'a red apple', n: 4, seed: 7, width: 64, height: 64 },
    {
      onProgress: (event) =>
        event.type === 'queued' && console.log(`queued on ${event.provider}:${event.modelId}`),
    },
  );
  for (const [i, image] of result.images.entries()) {
    const path = join(outDir, `apple-${i + 1}.png`);
    await writeFile(path, image.bytes);
    console.log(`${path}  ${image.width}×${image.height} ${image.mediaType}, seed ${image.seed}`);
  }
  for (const warning of result.warnings) console.warn('warning:', warning);
  console.log(`${result.provider}:${result.modelId}, ${Math.round(result.timings.totalMs)} ms`);
} finally {
  // Local runtimes hold models in memory; dispose frees them.
  await client.dispose();
}
