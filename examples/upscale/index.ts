// Enlarge an image ×4 with ESRGAN on TensorFlow.js, locally, and write a side-by-side with plain
// pixel repetition so the difference is visible.
// Run: pnpm start [OUT_DIR] [INPUT.png]   (without INPUT, the embedded model draws one)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClient, encodePng } from '@pictor/core';
import { decodeImage, type RgbaPixels, resizeRgba } from '@pictor/image';
import { tfjs } from '@pictor/tfjs';

const [outDir = 'out', input] = process.argv.slice(2);
await mkdir(outDir, { recursive: true });

async function source(): Promise<Uint8Array> {
  if (input) return new Uint8Array(await readFile(input));
  const emoji = createImageClient({ provider: tfjs('emoji') });
  try {
    const { images } = await emoji.generate({ prompt: 'a yellow star', seed: 3 });
    return images[0]!.bytes;
  } finally {
    await emoji.dispose();
  }
}

/** Two images of the same height, side by side. */
function sideBySide(left: RgbaPixels, right: RgbaPixels): RgbaPixels {
  const width = left.width + right.width;
  const data = new Uint8ClampedArray(width * left.height * 4);
  for (let y = 0; y < left.height; y++) {
    data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    data.set(
      right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4),
      (y * width + left.width) * 4,
    );
  }
  return { width, height: left.height, data };
}

const before = await source();
const upscaler = createImageClient({ provider: tfjs('esrgan-slim') });
try {
  const result = await upscaler.edit(
    // `scale` is a tfjs option: esrgan-slim has ×2, ×3, ×4 and ×8 weights.
    { mode: 'upscale', prompt: 'upscale', image: before, providerOptions: { tfjs: { scale: 4 } } },
    { onProgress: (event) => event.type === 'step' && console.log(`tile ${event.step}/${event.total}`) },
  );
  const after = result.images[0]!;
  await writeFile(join(outDir, 'before.png'), before);
  await writeFile(join(outDir, 'after.png'), after.bytes);
  const small = await decodeImage(before);
  const large = await decodeImage(after.bytes);
  // Nearest-neighbour enlargement: what "just make it bigger" gives.
  const repeated = resizeRgba(small, large.width, large.height, { filter: 'nearest' });
  const comparison = sideBySide(repeated, large);
  await writeFile(join(outDir, 'comparison.png'), await encodePng(comparison));
  console.log(
    `${join(outDir, 'after.png')}  ${after.width}×${after.height} (${result.provider}:${result.modelId}, ${Math.round(result.timings.totalMs)} ms)`,
  );
  console.log(`${join(outDir, 'comparison.png')}  left: pixels repeated, right: ESRGAN`);
} finally {
  await upscaler.dispose();
}
