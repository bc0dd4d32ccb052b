// The anatomy judge on emoji scenes: face counts against the prompt, and hand detection.
import { createPrng } from '@pictor/core';
import { decodeImage, detectFaces, detectHands } from '../src/index.js';
import { type Placement, scene } from '../test/scenes.js';
import { metrics, printTable, type ResultRow, type Sample, saveResults } from './common.js';

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

export default async function run(count = 80): Promise<ResultRow[]> {
  const next = createPrng(11);
  const faceClaims: Sample[] = [];
  const hands: Sample[] = [];
  let exact = 0;
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
    const faces = (await detectFaces(image, 0.6)).filter((f) => f.score >= 0.6).length;
    if (faces === people) exact++;
    const claim = Math.max(1, people);
    // A prompt asking for `claim` people: the judge should fail when the picture has another number of faces.
    faceClaims.push({ id: `${i}:true`, positive: people !== claim, score: faces === claim ? 0 : 1 });
    faceClaims.push({ id: `${i}:wrong`, positive: true, score: faces === claim + 1 ? 0 : 1 });
    const found = (await detectHands(image, 0.5)).filter((h) => h.score >= 0.5).length;
    hands.push({ id: `${i}:hands`, positive: handCount > 0, score: found });
  }
  const rows: ResultRow[] = [
    {
      judge: 'anatomy',
      task: 'wrong face count (fail)',
      split: 'all (defaults fixed beforehand)',
      threshold: 'face score ≥ 0.6',
      metrics: metrics(faceClaims, (s) => s.score === 1),
    },
    {
      judge: 'anatomy',
      task: 'hand present (detector)',
      split: 'all (defaults fixed beforehand)',
      threshold: 'hand score ≥ 0.5',
      metrics: metrics(hands, (s) => s.score > 0),
    },
  ];
  printTable(rows);
  console.log(
    `\nfaces counted exactly in ${exact}/${count} scenes (0–3 people, with hands and other objects)`,
  );
  saveResults('anatomy', rows, { exactFaceCount: exact, scenes: count });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
