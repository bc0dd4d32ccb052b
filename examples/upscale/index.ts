// Enlarge an image ×4 with ESRGAN on TensorFlow.js, locally, and write a side-by-side with plain
// pixel repetition so the difference is visible.
// Run: pnpm start [OUT_DIR] [INPUT.png]   (without INPUT, the embedded model draws one)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClient, decodePng, encodePng, type RgbaImage } from '@pictor/core';
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

/** Nearest-neighbour enlargement: what "just make it bigger" gives. */
function repeatPixels(image: RgbaImage, scale: number): RgbaImage {
  const width = image.width * scale;
  const height = image.height * scale;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** Two images of the same height, side by side. */
function sideBySide(left: RgbaImage, right: RgbaImage): RgbaImage {
  const width = left.width + right.width;
  const data = new Uint8Array(width * left.height * 4);
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
  const small = await decodePng(before);
  const large = await decodePng(after.bytes);
  const comparison = sideBySide(repeatPixels(small, large.width / small.width), large);
  await writeFile(join(outDir, 'comparison.png'), await encodePng(comparison));
  console.log(
    `${join(outDir, 'after.png')}  ${after.width}×${after.height} (${result.provider}:${result.modelId}, ${Math.round(result.timings.totalMs)} ms)`,
  );
  console.log(`${join(outDir, 'comparison.png')}  left: pixels repeated, right: ESRGAN`);
} finally {
  await upscaler.dispose();
}
