// Pictor and the Vercel AI SDK, both ways.
//   1. AI SDK → Pictor model: `generateImage` over the embedded emoji model, with Pictor's licence
//      tagging, so the PNG says what made it and the licence record rides in providerMetadata.
//   2. Pictor → AI SDK model: Pictor's retry and licence tagging around @ai-sdk/openai's gpt-image-1
//      (runs when OPENAI_API_KEY is set; OPENAI_BASE_URL points it elsewhere).
// Usage: tsx index.ts [output directory]
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import { fromImageModel, toImageModel } from '@pictor/ai-sdk';
import { createImageClient, retry } from '@pictor/core';
import { licenceTagging } from '@pictor/licence-tagging';
import { tfjs } from '@pictor/tfjs';
import { generateImage } from 'ai';

const out = process.argv[2] ?? '.';

// 1. A Pictor provider as an AI SDK image model.
const emoji = tfjs('emoji');
const { images, providerMetadata } = await generateImage({
  model: toImageModel(emoji, { middleware: [licenceTagging()] }),
  prompt: 'a red apple',
  n: 2,
  seed: 7,
});
const entries = (
  providerMetadata.pictor as {
    images: { seed: number; annotations: Record<string, { licence?: { spdx: string } }> }[];
  }
).images;
for (const [i, image] of images.entries()) {
  const file = join(out, `emoji-${i + 1}.png`);
  await writeFile(file, image.uint8Array);
  const licence = entries[i]?.annotations['licence-tagging']?.licence?.spdx ?? 'unknown';
  console.log(`${file}  ${image.mediaType}, seed ${entries[i]?.seed}, licence ${licence}`);
}
await emoji.dispose?.();

// 2. An AI SDK model as a Pictor provider.
if (process.env.OPENAI_API_KEY) {
  const openai = createOpenAI(); // reads OPENAI_API_KEY and OPENAI_BASE_URL
  const client = createImageClient({
    provider: fromImageModel(openai.image('gpt-image-1')),
    middleware: [licenceTagging(), retry({ maxRetries: 3 })],
  });
  const result = await client.generate({ prompt: 'a lighthouse at dusk', width: 1024, height: 1024 });
  const image = result.images[0]!;
  const file = join(out, 'openai-1.png');
  await writeFile(file, image.bytes);
  const record = image.annotations['licence-tagging'] as { licence?: { id: string } };
  console.log(
    `${file}  ${image.width}×${image.height} ${image.mediaType} from ${result.provider}:${result.modelId}, licence ${record.licence?.id}`,
  );
} else {
  console.log('OPENAI_API_KEY is not set: skipped the @ai-sdk/openai half');
}
