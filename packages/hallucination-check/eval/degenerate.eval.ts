// The degenerate judge: blank, near-black, noise-only images against real pictures.
import { createPrng, encodePng, seededNormal } from '@pictor/core';
import sharp from 'sharp';
import { decodeImage, degenerate, parsePrompt } from '../src/index.js';
import { emojiEntries, emojiPng, grid, scene } from '../test/scenes.js';
import { metrics, printTable, type ResultRow, type Sample, saveResults } from './common.js';
import { composeScenes } from './composed-scenes.js';
import { generateEmoji } from './emoji-model.js';

async function synthetic(kind: string, i: number, size: number): Promise<Uint8Array> {
  const next = createPrng(i * 31 + kind.length);
  const normal = seededNormal(i + 1, size * size * 3);
  const data = new Uint8Array(size * size * 4);
  const base = [next() & 255, next() & 255, next() & 255];
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      if (kind === 'uniform') v = base[c]!;
      else if (kind === 'uniform+jitter') v = base[c]! + (next() % 3) - 1;
      else if (kind === 'near-black') v = next() % 6;
      else if (kind === 'gaussian noise') v = 128 + 50 * normal[p * 3 + c]!;
      else if (kind === 'uniform noise') v = next() & 255;
      else if (kind === 'grey noise') v = c === 0 ? next() & 255 : data[p * 4]!;
      data[p * 4 + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
    data[p * 4 + 3] = 255;
  }
  return encodePng({ width: size, height: size, data });
}

export default async function run(): Promise<ResultRow[]> {
  const judge = degenerate();
  const samples: Sample[] = [];
  const check = async (id: string, bytes: Uint8Array, positive: boolean) => {
    const decoded = await decodeImage(bytes);
    const [verdict] = await judge.judge({
      bytes,
      mediaType: 'image/png',
      image: decoded.image,
      request: { prompt: 'x' },
      checks: parsePrompt('x').checks,
      verdicts: [],
      shared: new Map(),
    });
    samples.push({ id, positive, score: verdict!.verdict === 'fail' ? 1 : 0, group: id.split(':')[0]! });
  };
  for (const kind of [
    'uniform',
    'uniform+jitter',
    'near-black',
    'gaussian noise',
    'uniform noise',
    'grey noise',
  ]) {
    for (let i = 0; i < 20; i++)
      await check(`${kind}:${i}`, await synthetic(kind, i, [32, 64, 512][i % 3]!), true);
  }
  const art = emojiEntries
    .filter((e) => e.has_img_google && !/skin tone/i.test(e.name))
    .filter((_, i) => i % 25 === 0);
  for (const e of art) await check(`emoji art 64:${e.name}`, new Uint8Array(emojiPng(e.name)), false);
  for (const e of art.slice(0, 20))
    await check(
      `emoji art 512:${e.name}`,
      new Uint8Array(await sharp(emojiPng(e.name, 'twitter')).resize(512, 512).png().toBuffer()),
      false,
    );
  const outputs = await generateEmoji(art.map((e, i) => ({ prompt: e.name.toLowerCase(), seed: i })));
  for (const [i, bytes] of outputs.entries()) await check(`emoji-model output:${i}`, bytes, false);
  for (let i = 0; i < 10; i++)
    await check(`scene:${i}`, await scene(grid(art.slice(i * 3, i * 3 + 3).map((e) => e.name))), false);
  // Held-out style (OpenMoji) composed scenes on plain, gradient and noisy grounds, and the same scenes
  // upscaled from 8² and 16² (nearest and bicubic): low effective resolution.
  const heldOut = await composeScenes('openmoji', 30, 77);
  for (const s of heldOut) await check(`held-out scene (${s.background} ground):${s.id}`, s.png, false);
  for (const [i, s] of heldOut.entries()) {
    const n = i % 2 === 0 ? 8 : 16;
    const kernel = i % 3 === 0 ? 'nearest' : 'cubic';
    const small = await sharp(s.png).resize(n, n).png().toBuffer();
    await check(
      `held-out scene upscaled from ${n}² (${kernel}):${s.id}`,
      new Uint8Array(await sharp(small).resize(512, 512, { kernel }).png().toBuffer()),
      true,
    );
  }
  // The emoji model's 32×32 outputs shown at 256×256 (their real resolution, not a low one).
  for (const [i, bytes] of outputs.slice(0, 20).entries())
    await check(
      `emoji-model output at 256² (nearest):${i}`,
      new Uint8Array(await sharp(bytes).resize(256, 256, { kernel: 'nearest' }).png().toBuffer()),
      false,
    );
  const rows: ResultRow[] = [
    {
      judge: 'degenerate',
      task: 'degenerate image (fail)',
      split: 'all (defaults fixed beforehand)',
      threshold: 'defaults',
      metrics: metrics(samples, (s) => s.score === 1),
    },
  ];
  printTable(rows);
  const groups = [...new Set(samples.map((s) => s.group))];
  for (const g of groups) {
    const part = samples.filter((s) => s.group === g);
    console.log(`- ${g}: ${part.filter((s) => s.score === 1).length}/${part.length} flagged`);
  }
  saveResults('degenerate', rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
