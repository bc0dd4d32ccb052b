// The anatomy judge on emoji scenes: face counts against the prompt, and hand detection.
import { createPrng } from '@pictor/core';
import { decodeImage, detectFaces, detectHands } from '../src/index.js';
import { type Placement, scene } from '../test/scenes.js';
import { metrics, printTable, type ResultRow, type Sample, saveResults, split } from './common.js';

const PEOPLE = [
  'WOMAN',
  'MAN',
  'BOY',
  'GIRL',
  'OLDER MAN',
  'OLDER WOMAN',
  'BABY',
  'ADULT',
  'CHILD',
  'OLDER ADULT',
];
const HANDS = [
  'HAND WITH FINGERS SPLAYED',
  'RAISED HAND',
  'RAISED BACK OF HAND',
  'WAVING HAND SIGN',
  'OK HAND SIGN',
  'VICTORY HAND',
  'CALL ME HAND',
  'I LOVE YOU HAND SIGN',
];
const OTHERS = [
  'RED APPLE',
  'BICYCLE',
  'TEDDY BEAR',
  'DOG',
  'AUTOMOBILE',
  'BANANA',
  'ALARM CLOCK',
  'UMBRELLA',
  'SAILBOAT',
  'POTTED PLANT',
];

function layout(names: readonly string[], next: () => number): Placement[] {
  const cells = [0, 1, 2, 3, 4, 5, 6, 7, 8]
    .map((c) => ({ c, k: next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c);
  return names.map((emoji, i) => {
    const size = 130 + (next() % 31);
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
  const next = createPrng(11);
  const scenes: { people: number; faceScores: number[]; handCount: number; handScores: number[] }[] = [];
  for (let i = 0; i < count; i++) {
    const people = next() % 4;
    const handCount = next() % 2;
    const names = [
      ...Array.from({ length: people }, () => PEOPLE[next() % PEOPLE.length]!),
      ...Array.from({ length: handCount }, () => HANDS[next() % HANDS.length]!),
      ...Array.from({ length: 1 + (next() % 2) }, () => OTHERS[next() % OTHERS.length]!),
    ];
    const image = (
      await decodeImage(await scene(layout(names, next), { set: i % 2 === 0 ? 'google' : 'twitter' }))
    ).image!;
    const faceScores = (await detectFaces(image, 0.2)).map((f) => f.score);
    const handScores = (await detectHands(image, 0.1)).map((h) => h.score);
    scenes.push({ people, faceScores, handCount, handScores });
  }
  const { calibrate: cal, report } = split(scenes, 4);
  const exactAt = (set: typeof scenes, t: number) =>
    set.filter((s) => s.faceScores.filter((f) => f >= t).length === s.people).length / set.length;
  let faceThreshold = 0.6;
  for (let t = 0.3; t <= 0.95; t += 0.05)
    if (exactAt(cal, t) > exactAt(cal, faceThreshold)) faceThreshold = Math.round(t * 100) / 100;
  // A prompt asking for max(1, people) people (true claim) and one more (wrong claim): fail = counted faces differ.
  const faceClaims = (set: typeof scenes, t: number): Sample[] =>
    set.flatMap((s, i) => {
      const faces = s.faceScores.filter((f) => f >= t).length;
      const claim = Math.max(1, s.people);
      return [
        { id: `${i}:true`, positive: s.people !== claim, score: faces === claim ? 0 : 1 },
        { id: `${i}:wrong`, positive: true, score: faces === claim + 1 ? 0 : 1 },
      ];
    });
  const handSamples = (set: typeof scenes, t: number): Sample[] =>
    set.map((s, i) => ({
      id: String(i),
      positive: s.handCount > 0,
      score: s.handScores.filter((h) => h >= t).length,
    }));
  const rows: ResultRow[] = [
    {
      judge: 'anatomy',
      task: 'wrong face count (fail)',
      split: 'calibration',
      threshold: `face score ≥ ${faceThreshold}`,
      metrics: metrics(faceClaims(cal, faceThreshold), (s) => s.score === 1),
    },
    {
      judge: 'anatomy',
      task: 'wrong face count (fail)',
      split: 'held out',
      threshold: `face score ≥ ${faceThreshold}`,
      metrics: metrics(faceClaims(report, faceThreshold), (s) => s.score === 1),
    },
    {
      judge: 'anatomy',
      task: 'wrong face count (fail)',
      split: 'held out',
      threshold: 'default face score ≥ 0.6',
      metrics: metrics(faceClaims(report, 0.6), (s) => s.score === 1),
    },
    {
      judge: 'anatomy',
      task: 'hand present (detector)',
      split: 'held out',
      threshold: 'default hand score ≥ 0.5',
      metrics: metrics(handSamples(report, 0.5), (s) => s.score > 0),
    },
  ];
  printTable(rows);
  console.log(
    `\nfaces counted exactly (held out): ${(exactAt(report, faceThreshold) * 100).toFixed(1)}% at ≥ ${faceThreshold}, ${(exactAt(report, 0.6) * 100).toFixed(1)}% at the default 0.6`,
  );
  saveResults('anatomy', rows, {
    faceThreshold,
    exactHeldOut: exactAt(report, faceThreshold),
    exactHeldOutDefault: exactAt(report, 0.6),
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
