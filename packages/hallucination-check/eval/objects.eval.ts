// The objects judge on emoji scenes with known objects and counts (GenEval-style presence and counting).
import { createPrng } from '@pictor/core';
import { type CocoLabel, decodeImage, objects, parsePrompt } from '../src/index.js';
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

const NUMBERS = ['zero', 'one', 'two', 'three', 'four'];
const plural = (noun: string) =>
  parsePrompt(`two ${noun}`)
    .checks.find((c) => c.kind === 'count')
    ?.question.replace(/^Are there exactly two (.*)\?$/, '$1') ?? `${noun}s`;

export default async function run(count = 120): Promise<ResultRow[]> {
  const next = createPrng(6);
  const names = Object.keys(COCO_EMOJI);
  const namings = { detector: objects(), 'dual-encoder': objects({ naming: 'dual-encoder' }) } as const;
  type Row = {
    scene: number;
    kind: 'present' | 'absent' | 'count-true' | 'count-wrong';
    verdict?: string;
    best?: number;
  };
  const results: Record<keyof typeof namings, Row[]> = { detector: [], 'dual-encoder': [] };
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
    const label = COCO_EMOJI[main]!;
    const prompts: [Row['kind'], string][] = [
      ['present', `a ${label}`],
      ['absent', `a ${COCO_EMOJI[absent]!}`],
      ...(k >= 2 ? [['count-true', `${NUMBERS[k]} ${plural(label)}`] as [Row['kind'], string]] : []),
      ['count-wrong', `${NUMBERS[k + 1]} ${plural(label)}`],
    ];
    for (const [name, judge] of Object.entries(namings) as [
      keyof typeof namings,
      (typeof namings)[keyof typeof namings],
    ][]) {
      for (const [kind, prompt] of prompts) {
        const checks = parsePrompt(prompt).checks;
        const verdicts = await judge.judge({
          bytes,
          mediaType: 'image/png',
          image,
          request: { prompt },
          checks,
          verdicts: [],
          shared: new Map(),
        });
        const wanted = verdicts.find((v) => v.check.kind === (kind.startsWith('count') ? 'count' : 'entity'));
        const best = verdicts.find((v) => v.check.kind === 'entity')?.evidence.best;
        results[name].push({
          scene: i,
          kind,
          ...(wanted ? { verdict: wanted.verdict } : {}),
          ...(typeof best === 'number' ? { best } : {}),
        });
      }
    }
  }
  const groups = split(
    Array.from({ length: count }, (_, i) => i),
    3,
  );
  const rows: ResultRow[] = [];
  const sample = (r: Row, positive: boolean, flagged: boolean): Sample => ({
    id: `${r.scene}:${r.kind}`,
    positive,
    score: flagged ? 1 : 0,
  });
  for (const [name, all] of Object.entries(results)) {
    const held = all.filter((r) => groups.report.includes(r.scene));
    const presence = held.filter((r) => r.kind === 'present' || r.kind === 'absent');
    rows.push({
      judge: `objects (${name})`,
      task: 'object present → pass',
      split: 'held out',
      threshold: 'defaults',
      metrics: metrics(
        presence.map((r) => sample(r, r.kind === 'present', r.verdict === 'pass')),
        (s) => s.score === 1,
      ),
    });
    rows.push({
      judge: `objects (${name})`,
      task: 'object absent → fail',
      split: 'held out',
      threshold: 'defaults',
      metrics: metrics(
        presence.map((r) => sample(r, r.kind === 'absent', r.verdict === 'fail')),
        (s) => s.score === 1,
      ),
    });
    const counts = held.filter((r) => r.kind.startsWith('count'));
    rows.push({
      judge: `objects (${name})`,
      task: 'wrong count → fail',
      split: 'held out',
      threshold: 'defaults',
      metrics: metrics(
        counts.map((r) => sample(r, r.kind === 'count-wrong', r.verdict === 'fail')),
        (s) => s.score === 1,
      ),
    });
    rows.push({
      judge: `objects (${name})`,
      task: 'right count → pass',
      split: 'held out',
      threshold: 'defaults',
      metrics: metrics(
        counts.map((r) => sample(r, r.kind === 'count-true', r.verdict === 'pass')),
        (s) => s.score === 1,
      ),
    });
    const unchecked = held.filter((r) => r.kind === 'present' && r.verdict === undefined).length;
    console.log(
      `${name}: ${unchecked}/${held.filter((r) => r.kind === 'present').length} held-out present-object checks left open (noun unknown to this naming)`,
    );
  }
  // Calibrate the dual encoder's presence threshold on the other half.
  const z = results['dual-encoder'].filter(
    (r) => (r.kind === 'present' || r.kind === 'absent') && r.best !== undefined,
  );
  const zSamples = (part: number[]) =>
    z
      .filter((r) => part.includes(r.scene))
      .map((r): Sample => ({ id: `${r.scene}:${r.kind}`, positive: r.kind === 'present', score: r.best! }));
  const minZ = calibrate(zSamples(groups.calibrate), 'above', 0.95);
  rows.push({
    judge: 'objects (dual-encoder)',
    task: 'object present → pass',
    split: 'held out',
    threshold: `z ≥ ${minZ.toFixed(2)} (calibrated)`,
    metrics: metrics(zSamples(groups.report), (s) => s.score >= minZ),
  });
  printTable(rows);
  saveResults('objects', rows, { calibratedMinZ: minZ });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
