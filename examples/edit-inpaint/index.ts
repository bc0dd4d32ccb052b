// Inpainting: redraw only where the mask is white. The provider comes from the config
// (PICTOR_CONFIG / ./pictor.config.json / PICTOR_PROVIDER); by default Workers AI's SD 1.5 inpainting.
// Run: CLOUDFLARE_ACCOUNT_ID=… CLOUDFLARE_API_TOKEN=… pnpm start [OUT_DIR]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClientFromConfig, encodePng } from '@pictor/core';
import { loadConfig } from '@pictor/core/node';

const outDir = process.argv[2] ?? 'out';
await mkdir(outDir, { recursive: true });

const { config } = await loadConfig();
const client = await createImageClientFromConfig(
  { provider: 'workers-ai:@cf/runwayml/stable-diffusion-v1-5-inpainting', ...config },
  { importModule: (id) => import(id) },
);

/** A plain landscape: sky above, grass below. */
function scene(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ground = y > height * 0.65;
      data.set(
        ground ? [60, 140, 60, 255] : [110, 170, 235 - Math.round((y / height) * 60), 255],
        (y * width + x) * 4,
      );
    }
  }
  return data;
}

/** White (redraw) inside a circle in the upper right, black (keep) elsewhere. */
function circleMask(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  const [cx, cy, r] = [width * 0.72, height * 0.28, Math.min(width, height) * 0.16];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 255 : 0;
      data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return data;
}

try {
  // The image must be a size the model accepts; its default size always is.
  const { width, height } = client.capabilities.defaultSize;
  const image = await encodePng({ width, height, data: scene(width, height) });
  const mask = await encodePng({ width, height, data: circleMask(width, height) });
  const result = await client.edit({ mode: 'inpaint', prompt: 'a bright yellow sun', image, mask, seed: 1 });
  const after = result.images[0]!;
  const extension = after.mediaType === 'image/jpeg' ? 'jpg' : after.mediaType.split('/')[1];
  await writeFile(join(outDir, 'before.png'), image);
  await writeFile(join(outDir, 'mask.png'), mask);
  await writeFile(join(outDir, `after.${extension}`), after.bytes);
  console.log(
    `${join(outDir, `after.${extension}`)}  ${after.width}×${after.height} from ${result.provider}:${result.modelId}`,
  );
} finally {
  await client.dispose();
}
