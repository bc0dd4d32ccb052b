// The nearDuplicate judge as a copyright check: a reference store of protected works (single emoji
// art and composed multi-object scenes, 256²), copies of them under held-out transforms (random JPEG
// quality, resize, 88–92 % crops at random places, rotations up to ±10° with white, black or
// mid-grey corners, colour shifts, mirrors and pairs of these), against images that are not copies
// (unrelated emoji, the same emoji by another artist, the same objects in a new layout). Works are
// split in halves: thresholds are calibrated on the copies of one half and reported on the other.
import { createPrng } from '@pictor/core';
import sharp from 'sharp';
import {
  decodeImage,
  type Judge,
  memoryReferences,
  nearDuplicate,
  ORIGINALITY_CHECK,
  PDQ_MAX_DISTANCE,
  PHASH_MAX_DISTANCE,
  type ReferenceStore,
} from '../src/index.js';
import { emojiEntries, emojiPng, type Placement, scene } from '../test/scenes.js';
import { calibrate, metrics, printTable, type ResultRow, type Sample, saveResults, split } from './common.js';

const SIDE = 256;
const prng = createPrng(16);
const next = () => prng() / 2 ** 32;
const uniform = (a: number, b: number) => a + (b - a) * next();
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

type Transform = (png: Buffer) => Promise<Buffer>;
const fills = [
  { r: 255, g: 255, b: 255 },
  { r: 0, g: 0, b: 0 },
  { r: 128, g: 128, b: 128 },
];
/** Held-out transforms: random parameters on every call, none equal to the store's variants. */
const TRANSFORMS: Record<string, Transform> = {
  jpeg: (png) =>
    sharp(png)
      .jpeg({ quality: Math.round(uniform(25, 75)) })
      .toBuffer(),
  resize: (png) => {
    const side = Math.round(SIDE * pick([0.5, 0.75, 1.5, 2]));
    return sharp(png).resize(side, side).png().toBuffer();
  },
  'crop 90 %': async (png) => {
    const keep = uniform(0.88, 0.92);
    const side = Math.round(SIDE * keep);
    const left = Math.round(uniform(0, SIDE - side));
    const top = Math.round(uniform(0, SIDE - side));
    return sharp(png).extract({ left, top, width: side, height: side }).png().toBuffer();
  },
  'rotate ±10°': (png) => {
    const degrees = pick([-1, 1]) * uniform(1, 10);
    return sharp(png)
      .rotate(degrees, { background: pick(fills) })
      .png()
      .toBuffer();
  },
  colour: (png) =>
    sharp(png)
      .modulate({
        brightness: uniform(0.8, 1.2),
        saturation: uniform(0.6, 1.4),
        hue: Math.round(uniform(-25, 25)),
      })
      .png()
      .toBuffer(),
  mirror: (png) => sharp(png).flop().png().toBuffer(),
};
const PAIRS: [string, string][] = [
  ['crop 90 %', 'jpeg'],
  ['rotate ±10°', 'jpeg'],
  ['rotate ±10°', 'crop 90 %'],
  ['mirror', 'crop 90 %'],
  ['colour', 'resize'],
];

interface Work {
  id: string;
  png: Buffer;
  /** Images that show the same thing but are not copies of this work. */
  lookalikes: { group: string; png: Buffer }[];
}

const background = () => ({
  r: Math.round(uniform(150, 255)),
  g: Math.round(uniform(150, 255)),
  b: Math.round(uniform(150, 255)),
});

function layout(names: readonly string[]): Placement[] {
  return names.map((emoji) => {
    const size = Math.round(uniform(60, 110));
    return { emoji, size, x: Math.round(uniform(0, SIDE - size)), y: Math.round(uniform(0, SIDE - size)) };
  });
}

async function works(): Promise<{ works: Work[]; unrelated: Buffer[] }> {
  const pool = emojiEntries.filter(
    (e) => e.has_img_google && e.has_img_twitter && !/skin tone|flag|keycap/i.test(e.name),
  );
  const singles = pool.filter((_, i) => i % 8 === 0).slice(0, 80);
  const others = pool.filter((_, i) => i % 8 === 4).slice(0, 120);
  const sceneNames = pool.filter((_, i) => i % 8 === 2);
  const list: Work[] = [];
  for (const e of singles) {
    // Opaque, as generated pictures are: the emoji on a light ground.
    const ground = background();
    const png = await sharp(emojiPng(e.name))
      .resize(SIDE, SIDE, { kernel: 'lanczos3' })
      .flatten({ background: ground })
      .png()
      .toBuffer();
    const twemoji = await sharp(emojiPng(e.name, 'twitter'))
      .resize(SIDE, SIDE)
      .flatten({ background: ground })
      .png()
      .toBuffer();
    list.push({
      id: `emoji ${e.name}`,
      png,
      lookalikes: [{ group: 'same emoji, another artist', png: twemoji }],
    });
  }
  for (let i = 0; i < 60; i++) {
    const names = Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(sceneNames).name);
    const png = Buffer.from(await scene(layout(names), { size: SIDE, background: background() }));
    const again = Buffer.from(await scene(layout(names), { size: SIDE, background: background() }));
    list.push({ id: `scene ${i}`, png, lookalikes: [{ group: 'same objects, new layout', png: again }] });
  }
  const unrelated: Buffer[] = [];
  for (const e of others.slice(0, 80))
    unrelated.push(
      await sharp(emojiPng(e.name))
        .resize(SIDE, SIDE, { kernel: 'lanczos3' })
        .flatten({ background: background() })
        .png()
        .toBuffer(),
    );
  for (let i = 0; i < 40; i++) {
    const names = Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(others).name);
    unrelated.push(Buffer.from(await scene(layout(names), { size: SIDE, background: background() })));
  }
  return { works: list, unrelated };
}

async function nearestDistance(judge: Judge, png: Buffer): Promise<{ distance: number; id: string }> {
  const bytes = new Uint8Array(png);
  const decoded = await decodeImage(bytes);
  const [verdict] = await judge.judge({
    bytes,
    mediaType: 'image/png',
    image: decoded.image,
    request: { prompt: 'a picture' },
    checks: [ORIGINALITY_CHECK],
    verdicts: [],
    shared: new Map(),
  });
  const nearest = (verdict!.evidence.nearest as { id: string; distance: number }[])[0]!;
  return nearest;
}

async function fill(store: ReferenceStore, list: readonly Work[]) {
  for (const w of list) await store.add(w.id, new Uint8Array(w.png));
}

export default async function run(): Promise<ResultRow[]> {
  const started = Date.now();
  const { works: list, unrelated } = await works();
  const { calibrate: calWorks, report: heldWorks } = split(list, 5);
  const held = new Set(heldWorks.map((w) => w.id));
  const withVariants = memoryReferences();
  const plain = memoryReferences([], { variants: { rotations: [], crops: [] } });
  await fill(withVariants, list);
  await fill(plain, list);
  const judges = {
    'PDQ + variants': nearDuplicate({ references: withVariants, maxDistance: 256, nearest: 1 }),
    'PDQ alone': nearDuplicate({ references: plain, maxDistance: 256, nearest: 1 }),
    pHash: nearDuplicate({ references: plain, algorithm: 'phash', maxDistance: 64, nearest: 1 }),
  };
  type Scored = {
    id: string;
    positive: boolean;
    group: string;
    heldOut: boolean;
    scores: Record<string, number>;
  };
  const scored: Scored[] = [];
  const score = async (
    id: string,
    png: Buffer,
    positive: boolean,
    group: string,
    heldOut: boolean,
    truth?: string,
  ) => {
    const scores: Record<string, number> = {};
    for (const [name, judge] of Object.entries(judges)) {
      const nearest = await nearestDistance(judge, png);
      // A copy matched to another work is a miss for that copy.
      scores[name] = positive && truth && nearest.id !== truth ? 999 : nearest.distance;
    }
    scored.push({ id, positive, group, heldOut, scores });
  };
  for (const w of list) {
    const heldOut = held.has(w.id);
    for (const [name, transform] of Object.entries(TRANSFORMS))
      await score(`${w.id}: ${name}`, await transform(w.png), true, name, heldOut, w.id);
    for (const [a, b] of PAIRS)
      await score(
        `${w.id}: ${a} + ${b}`,
        await TRANSFORMS[b]!(await TRANSFORMS[a]!(w.png)),
        true,
        `${a} + ${b}`,
        heldOut,
        w.id,
      );
    for (const look of w.lookalikes)
      await score(`${w.id}: ${look.group}`, look.png, false, look.group, heldOut);
  }
  // Unrelated images: alternate halves.
  for (const [i, png] of unrelated.entries())
    await score(`unrelated ${i}`, png, false, 'unrelated', i % 2 === 1);

  const rows: ResultRow[] = [];
  const samplesOf = (name: string, heldOut: boolean): Sample[] =>
    scored
      .filter((s) => s.heldOut === heldOut)
      .map((s) => ({ id: s.id, positive: s.positive, score: s.scores[name]!, group: s.group }));
  const thresholds: Record<string, number> = {};
  for (const name of Object.keys(judges)) {
    const cal = samplesOf(name, false);
    const report = samplesOf(name, true);
    const t = calibrate(cal, 'below', 0.99);
    thresholds[name] = t;
    const fallback = name === 'pHash' ? PHASH_MAX_DISTANCE : PDQ_MAX_DISTANCE;
    rows.push({
      judge: `nearDuplicate, ${name}`,
      task: 'copy of a protected work (fail)',
      split: 'calibration works',
      threshold: `distance ≤ ${t}`,
      metrics: metrics(cal, (s) => s.score <= t),
    });
    rows.push({
      judge: `nearDuplicate, ${name}`,
      task: 'copy of a protected work (fail)',
      split: 'held-out works',
      threshold: `distance ≤ ${t} (calibrated)`,
      metrics: metrics(report, (s) => s.score <= t),
    });
    if (t !== fallback)
      rows.push({
        judge: `nearDuplicate, ${name}`,
        task: 'copy of a protected work (fail)',
        split: 'held-out works',
        threshold: `default distance ≤ ${fallback}`,
        metrics: metrics(report, (s) => s.score <= fallback),
      });
  }
  printTable(rows);
  console.log(
    `\n${list.length} works in the store (${heldWorks.length} held out, ${calWorks.length} to calibrate); ${scored.length} samples`,
  );
  console.log(
    '\nheld out, by group: flagged at the default threshold (PDQ + variants ≤ 48 | PDQ alone ≤ 48 | pHash ≤ 10)',
  );
  const byGroup: Record<string, string> = {};
  for (const g of [...new Set(scored.map((s) => s.group))]) {
    const part = scored.filter((s) => s.group === g && s.heldOut);
    const count = (name: string, t: number) => part.filter((s) => s.scores[name]! <= t).length;
    const line = `${count('PDQ + variants', PDQ_MAX_DISTANCE)} | ${count('PDQ alone', PDQ_MAX_DISTANCE)} | ${count('pHash', PHASH_MAX_DISTANCE)} of ${part.length}`;
    byGroup[g] = line;
    console.log(`- ${g}: ${line}`);
  }
  console.log('\nsweep (held out, PDQ + variants): distance ≤ t → recall, precision, false alarms');
  const sweep: string[] = [];
  for (const t of [24, 31, 36, 40, 44, 48, 52, 56, 64]) {
    const report = samplesOf('PDQ + variants', true);
    const m = metrics(report, (s) => s.score <= t);
    const falseAlarms = report.filter((s) => !s.positive && s.score <= t).length;
    const line = `t = ${t}: recall ${(m.recall * 100).toFixed(1)}%, precision ${(m.precision * 100).toFixed(1)}%, false alarms ${falseAlarms}/${report.filter((s) => !s.positive).length}`;
    sweep.push(line);
    console.log(`- ${line}`);
  }
  const negatives = scored.filter((s) => !s.positive).map((s) => s.scores['PDQ + variants']!);
  console.log(
    `\nnearest non-copy (PDQ + variants): ${Math.min(...negatives)}; seconds: ${((Date.now() - started) / 1000).toFixed(0)}`,
  );
  saveResults('near-duplicate', rows, {
    thresholds,
    byGroup,
    sweep,
    works: list.length,
    samples: scored.length,
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
