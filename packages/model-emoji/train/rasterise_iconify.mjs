// Rasterises an Iconify JSON emoji set (SVG) to 64×64 RGBA PNGs for training:
//   node packages/model-emoji/train/rasterise_iconify.mjs [@iconify-json/fluent-emoji] [out dir]
// Writes <out>/<icon name>.png and <out>/names.json. sharp (librsvg) does the rasterising.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
const set = process.argv[2] ?? '@iconify-json/fluent-emoji';
const out = process.argv[3] ?? join(here, 'cache', set.split('/').pop());
const require = createRequire(join(here, '..', 'package.json'));
const icons = require(`${set}/icons.json`);
mkdirSync(out, { recursive: true });
const names = [];
for (const [name, icon] of Object.entries(icons.icons)) {
  const w = icon.width ?? icons.width ?? 16;
  const h = icon.height ?? icons.height ?? 16;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="${icon.left ?? 0} ${icon.top ?? 0} ${w} ${h}">${icon.body}</svg>`;
  try {
    await sharp(Buffer.from(svg)).resize(64, 64).png().toFile(join(out, `${name}.png`));
    names.push(name);
  } catch (error) {
    console.error(`skipped ${name}: ${error.message}`);
  }
}
writeFileSync(join(out, 'names.json'), JSON.stringify({ set, license: 'MIT', names }));
console.log(`${names.length} icons → ${out}`);
