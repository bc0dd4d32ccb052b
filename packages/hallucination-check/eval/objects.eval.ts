// The objects judge on emoji scenes with known objects and counts (GenEval-style presence and counting).
import { createPrng } from '@pictor/core';
import { type CocoLabel, decodeImage, detectObjects } from '../src/index.js';
import { type Placement, scene } from '../test/scenes.js';
import { calibrate, metrics, printTable, type ResultRow, type Sample, saveResults, split } from './common.js';

/** Emoji whose picture is a COCO object. */
export const COCO_EMOJI: Record<string, CocoLabel> = {
  'TEDDY BEAR': 'teddy bear',
  BICYCLE: 'bicycle',
  'RED APPLE': 'apple',
  BANANA: 'banana',
  DOG: 'dog',
  CAT: 'cat',
  HORSE: 'horse',
  AUTOMOBILE: 'car',
  BUS: 'bus',
  TRAIN: 'train',
  AIRPLANE: 'airplane',
  SAILBOAT: 'boat',
  ELEPHANT: 'elephant',
  COW: 'cow',
  SHEEP: 'sheep',
  BIRD: 'bird',
  UMBRELLA: 'umbrella',
  NECKTIE: 'tie',
  KITE: 'kite',
  SKATEBOARD: 'skateboard',
  'WINE GLASS': 'wine glass',
  SPOON: 'spoon',
  BROCCOLI: 'broccoli',
  CARROT: 'carrot',
  'HOT DOG': 'hot dog',
  DOUGHNUT: 'donut',
  'BIRTHDAY CAKE': 'cake',
  CHAIR: 'chair',
  BED: 'bed',
  TOILET: 'toilet',
  TELEVISION: 'tv',
  'PERSONAL COMPUTER': 'laptop',
  'MOBILE PHONE': 'cell phone',
  'ALARM CLOCK': 'clock',
  'BLACK SCISSORS': 'scissors',
  TOOTHBRUSH: 'toothbrush',
  'POTTED PLANT': 'potted plant',
  SANDWICH: 'sandwich',
  TANGERINE: 'orange',
  MOTORCYCLE: 'motorcycle',
  'SOCCER BALL': 'sports ball',
  'SLICE OF PIZZA': 'pizza',
  'CLOSED BOOK': 'book',
  'BABY BOTTLE': 'bottle',
};

const BACKGROUNDS = [
  { r: 235, g: 235, b: 230 },
  { r: 255, g: 255, b: 255 },
  { r: 200, g: 220, b: 240 },
  { r: 210, g: 230, b: 200 },
];

/** Random non-overlapping placements of `names` in a 3×3 layout with jitter. */
function layout(names: readonly string[], next: () => number): Placement[] {
  const cells = [0, 1, 2, 3, 4, 5, 6, 7, 8]
    .map((c) => ({ c, k: next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c);
  return names.map((emoji, i) => {
    const size = 120 + (next() % 41);
    const cell = cells[i]!;
    return {
      emoji,
      size,
      x: (cell % 3) * 170 + (next() % Math.max(1, 170 - size)),
      y: Math.floor(cell / 3) * 170 + (next() % Math.max(1, 170 - size)),
    };
  });
}

export default async function run(count = 120): Promise<ResultRow[]> {
  const next = createPrng(6);
  const names = Object.keys(COCO_EMOJI);
  const presence: Sample[] = [];
  const counting: Sample[] = [];
  const perClass = new Map<string, { seen: number; found: number }>();
  for (let i = 0; i < count; i++) {
    const main = names[next() % names.length]!;
    const k = 1 + (next() % 3);
    let other = names[next() % names.length]!;
    while (COCO_EMOJI[other] === COCO_EMOJI[main]) other = names[next() % names.length]!;
    const withOther = next() % 2 === 0;
    let absent = names[next() % names.length]!;
    while (absent === main || absent === other) absent = names[next() % names.length]!;
    const placed = [...Array.from({ length: k }, () => main), ...(withOther ? [other] : [])];
    const bytes = await scene(layout(placed, next), {
      background: BACKGROUNDS[i % BACKGROUNDS.length]!,
      set: i % 2 === 0 ? 'google' : 'twitter',
    });
    const image = (await decodeImage(bytes)).image!;
    const detections = await detectObjects(image);
    const best = (label: string) => detections.find((d) => d.label === label)?.score ?? 0;
    const mainLabel = COCO_EMOJI[main]!;
    presence.push({ id: `${i}:${main}`, positive: true, score: best(mainLabel), group: String(i) });
    presence.push({
      id: `${i}:${absent}`,
      positive: false,
      score: best(COCO_EMOJI[absent]!),
      group: String(i),
    });
    const stat = perClass.get(mainLabel) ?? { seen: 0, found: 0 };
    stat.seen++;
    if (best(mainLabel) >= 0.3) stat.found++;
    perClass.set(mainLabel, stat);
    const counted = detections.filter((d) => d.label === mainLabel && d.score >= 0.3).length;
    // Two claims per scene: the true count (should pass) and a wrong one (should fail). Positive = wrong claim.
    counting.push({
      id: `${i}:count-true`,
      positive: false,
      score: counted === k ? 0 : 1,
      group: String(i),
      flagged: counted > 0,
    });
    counting.push({
      id: `${i}:count-false`,
      positive: true,
      score: counted === k + 1 ? 0 : 1,
      group: String(i),
      flagged: counted > 0,
    });
  }
  const groups = split([...new Set(presence.map((s) => s.group))], 3);
  const part = (samples: Sample[], which: 'calibrate' | 'report') =>
    samples.filter((s) => groups[which].includes(s.group!));
  // Presence: flag "present" when the best score ≥ t (precision of a `pass`).
  const minScore = calibrate(part(presence, 'calibrate'), 'above', 0.95);
  // Absence: a `fail` (best score < t) should mean the object is really missing.
  const absence = presence.map((s) => ({ ...s, positive: !s.positive }));
  const absentBelow = calibrate(
    part(absence, 'calibrate').map((s) => ({ ...s, score: -s.score })),
    'above',
    0.95,
  );
  const rows: ResultRow[] = [
    {
      judge: 'objects',
      task: 'object present (pass)',
      split: 'calibration',
      threshold: `score ≥ ${minScore.toFixed(2)}`,
      metrics: metrics(part(presence, 'calibrate'), (s) => s.score >= minScore),
    },
    {
      judge: 'objects',
      task: 'object present (pass)',
      split: 'held out',
      threshold: `score ≥ ${minScore.toFixed(2)}`,
      metrics: metrics(part(presence, 'report'), (s) => s.score >= minScore),
    },
    {
      judge: 'objects',
      task: 'object present (pass)',
      split: 'held out',
      threshold: 'default score ≥ 0.30',
      metrics: metrics(part(presence, 'report'), (s) => s.score >= 0.3),
    },
    {
      judge: 'objects',
      task: 'object absent (fail)',
      split: 'held out',
      threshold: `score ≤ ${(-absentBelow).toFixed(2)}`,
      metrics: metrics(part(absence, 'report'), (s) => s.score <= -absentBelow),
    },
    {
      judge: 'objects',
      task: 'object absent (fail)',
      split: 'held out',
      threshold: 'score < 0.10',
      metrics: metrics(part(absence, 'report'), (s) => s.score < 0.1),
    },
    {
      judge: 'objects',
      task: 'wrong count (fail) if misses counted as 0',
      split: 'all',
      threshold: 'counted at score ≥ 0.30',
      metrics: metrics(counting, (s) => s.score === 1),
    },
    {
      judge: 'objects',
      task: 'wrong count (fail), as the judge does it (only when the object is detected)',
      split: 'all',
      threshold: 'counted at score ≥ 0.30',
      metrics: metrics(
        counting.filter((s) => s.flagged),
        (s) => s.score === 1,
      ),
    },
  ];
  printTable(rows);
  const classes = [...perClass.entries()]
    .sort((a, b) => b[1].found / b[1].seen - a[1].found / a[1].seen)
    .map(([label, s]) => `${label} ${s.found}/${s.seen}`);
  console.log(`\nfound (score ≥ 0.30) per class: ${classes.join(', ')}`);
  console.log(
    `count exact in ${counting.filter((s) => !s.positive && s.score === 0).length}/${counting.length / 2} scenes`,
  );
  saveResults('objects', rows, { perClass: Object.fromEntries(perClass) });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
