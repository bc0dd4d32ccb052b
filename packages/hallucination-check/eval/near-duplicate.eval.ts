// The nearDuplicate judge: transformed copies of reference images against other images.
import sharp from 'sharp';
import { decodeImage, hammingDistance, pHash } from '../src/index.js';
import { emojiEntries, emojiPng } from '../test/scenes.js';
import { calibrate, metrics, printTable, type ResultRow, type Sample, saveResults, split } from './common.js';

const TRANSFORMS: Record<string, (png: Buffer) => Promise<Buffer>> = {
  'resize 256': (png) => sharp(png).resize(256, 256).png().toBuffer(),
  'jpeg q40': (png) => sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 40 }).toBuffer(),
  'brightness +20%': (png) => sharp(png).modulate({ brightness: 1.2 }).png().toBuffer(),
  'blur σ1': (png) => sharp(png).blur(1).png().toBuffer(),
  'crop 5%': (png) =>
    sharp(png).extract({ left: 3, top: 3, width: 58, height: 58 }).resize(64, 64).png().toBuffer(),
  mirror: (png) => sharp(png).flop().png().toBuffer(),
  'rotate 10°': (png) => sharp(png).rotate(10, { background: '#ffffff' }).resize(64, 64).png().toBuffer(),
};

async function hashes(bytes: Uint8Array): Promise<[string, string]> {
  const image = (await decodeImage(bytes)).image!;
  return [pHash(image), pHash(image, true)];
}

export default async function run(): Promise<ResultRow[]> {
  const pool = emojiEntries.filter(
    (e) => e.has_img_google && e.has_img_twitter && !/skin tone|flag|keycap/i.test(e.name),
  );
  const references = pool.filter((_, i) => i % 8 === 0).slice(0, 150);
  const others = pool.filter((_, i) => i % 8 === 4).slice(0, 150);
  const refHashes = await Promise.all(
    references.map(async (e) => (await hashes(new Uint8Array(emojiPng(e.name))))[0]),
  );
  const nearest = async (bytes: Uint8Array) => {
    const own = await hashes(bytes);
    return Math.min(
      ...refHashes.map((r) => Math.min(hammingDistance(own[0], r), hammingDistance(own[1], r))),
    );
  };
  const samples: Sample[] = [];
  for (const [i, e] of references.entries()) {
    const png = emojiPng(e.name);
    for (const [name, transform] of Object.entries(TRANSFORMS))
      samples.push({
        id: `${i}:${name}`,
        positive: true,
        score: await nearest(new Uint8Array(await transform(png))),
        group: name,
      });
    // The same emoji drawn by another artist (Twemoji) is a different image, not a copy.
    samples.push({
      id: `${i}:other artist`,
      positive: false,
      score: await nearest(new Uint8Array(emojiPng(e.name, 'twitter'))),
      group: 'same emoji, other artist',
    });
  }
  for (const [i, e] of others.entries())
    samples.push({
      id: `o${i}`,
      positive: false,
      score: await nearest(new Uint8Array(emojiPng(e.name))),
      group: 'unrelated emoji',
    });
  const { calibrate: cal, report } = split(samples, 5);
  const maxDistance = calibrate(cal, 'below', 0.98);
  const rows: ResultRow[] = [
    {
      judge: 'nearDuplicate',
      task: 'copy of a reference (fail)',
      split: 'calibration',
      threshold: `distance ≤ ${maxDistance}`,
      metrics: metrics(cal, (s) => s.score <= maxDistance),
    },
    {
      judge: 'nearDuplicate',
      task: 'copy of a reference (fail)',
      split: 'held out',
      threshold: `distance ≤ ${maxDistance}`,
      metrics: metrics(report, (s) => s.score <= maxDistance),
    },
    {
      judge: 'nearDuplicate',
      task: 'copy of a reference (fail)',
      split: 'held out',
      threshold: 'default distance ≤ 10',
      metrics: metrics(report, (s) => s.score <= 10),
    },
  ];
  printTable(rows);
  for (const g of [...new Set(samples.map((s) => s.group))]) {
    const part = report.filter((s) => s.group === g);
    console.log(
      `- ${g}: ${part.filter((s) => s.score <= 10).length}/${part.length} flagged at ≤ 10 (held out)`,
    );
  }
  console.log('\nsweep (held out): distance ≤ t → flagged copies / flagged non-copies');
  for (const t of [4, 6, 8, 10, 12]) {
    const m = metrics(report, (s) => s.score <= t);
    const falseAlarms = report.filter((s) => !s.positive && s.score <= t).length;
    console.log(
      `- t = ${t}: recall ${(m.recall * 100).toFixed(1)}%, precision ${(m.precision * 100).toFixed(1)}%, false alarms ${falseAlarms}/${report.filter((s) => !s.positive).length}`,
    );
  }
  saveResults('near-duplicate', rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
