// The same code for every provider: which one runs is decided by a JSON file.
// Run: pnpm start configs/emoji-tfjs.json [OUT_DIR]   (or configs/emoji-onnx.json, configs/workers-ai.json)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createImageClientFromConfig } from '@pictor/core';
import { loadConfig } from '@pictor/core/node';

const [file, outDir = 'out'] = process.argv.slice(2);
await mkdir(outDir, { recursive: true });

// With no file: PICTOR_CONFIG, then ./pictor.config.json, then PICTOR_PROVIDER, then the embedded model.
const { config, source } = await loadConfig(file ? { file } : {});
// Adapters are imported lazily by id; `importModule` resolves them from this package's dependencies.
const client = await createImageClientFromConfig(config, { importModule: (id) => import(id) });

try {
  const result = await client.generate({ prompt: 'a yellow star', seed: 42 });
  const image = result.images[0]!;
  const extension = image.mediaType.split('/')[1] === 'jpeg' ? 'jpg' : image.mediaType.split('/')[1];
  const path = join(outDir, `star-${result.provider}.${extension}`);
  await writeFile(path, image.bytes);
  console.log(`config ${source}`);
  console.log(
    `${path}  ${image.width}×${image.height} ${image.mediaType} from ${result.provider}:${result.modelId}`,
  );
} finally {
  await client.dispose();
}
