// Writes a grid of emoji-model samples made through the SDK: one row per prompt, one column per seed
// (32×32, shown 4× enlarged pixel by pixel), then the first seed at 128×128 through esrgan-slim ×4.
//
//   node --conditions=@pictor/source --import tsx packages/tfjs/scripts/sample-grid.ts docs/providers/tfjs-samples.png
import { writeFileSync } from 'node:fs';
import { createImageClient, encodePng } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { createTfjs } from '../src/index.js';

const prompts = [
  'red apple',
  'elephant',
  'smiling face',
  'rocket',
  'pizza',
  'red heart',
  'christmas tree',
  'car',
  'sun',
  'cat face',
];
const seeds = [1, 2, 3, 4, 5, 6];
const cell = 128;
const gap = 4;
const out = process.argv[2] ?? 'tfjs-samples.png';

const client = createImageClient({ provider: createTfjs()('emoji') });
const width = (seeds.length + 1) * (cell + gap) + gap;
const height = prompts.length * (cell + gap) + gap;
const canvas = new Uint8Array(width * height * 4).fill(255);

function paste(
  image: { width: number; height: number; data: Uint8Array },
  left: number,
  top: number,
  scale: number,
) {
  for (let y = 0; y < image.height * scale; y++) {
    for (let x = 0; x < image.width * scale; x++) {
      const from = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      canvas.set(image.data.subarray(from, from + 4), ((top + y) * width + left + x) * 4);
    }
  }
}

let backend = '';
for (const [row, prompt] of prompts.entries()) {
  const top = gap + row * (cell + gap);
  const small = await client.generate({ prompt, seed: seeds[0]!, n: seeds.length });
  backend = String(small.providerMetadata?.tfjs?.backend);
  for (const [column, image] of small.images.entries())
    paste(await decodeImage(image.bytes), gap + column * (cell + gap), top, 4);
  const big = await client.generate({ prompt, seed: seeds[0]!, width: 128, height: 128 });
  paste(await decodeImage(big.images[0]!.bytes), gap + seeds.length * (cell + gap), top, 1);
}
writeFileSync(out, await encodePng({ width, height, data: canvas }));
console.log(`wrote ${out} (${width}×${height}, backend ${backend}); rows: ${prompts.join(', ')}`);
