// The judges on real photographs available offline: the sample photos of scikit-image's data folder
// (Debian: `apt-get install python3-skimage`; astronaut and rocket from NASA, public domain; chelsea
// and coffee CC0; motorcycle from the Middlebury stereo set). Read at evaluation time, never copied.
// Each photo is judged against its own object and against five it does not show.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { alignment, decodeImage, type Judge, objects, parsePrompt } from '../src/index.js';
import { saveResults } from './common.js';
import { summarise } from './scenes.eval.js';

const DATA = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';

/** Photo, the object it shows (COCO noun where there is one). */
const PHOTOS: [string, string][] = [
  ['astronaut.png', 'person'],
  ['chelsea.png', 'cat'],
  ['coffee.png', 'cup'],
  ['motorcycle_left.png', 'motorcycle'],
  ['motorcycle_right.png', 'motorcycle'],
  ['rocket.jpg', 'rocket'],
  ['camera.png', 'person'],
];
const ABSENT = ['dog', 'banana', 'bicycle', 'pizza', 'elephant', 'umbrella', 'clock', 'horse'];

export default async function run() {
  if (!existsSync(DATA)) {
    console.log(`no scikit-image data at ${DATA} (apt-get install python3-skimage, or set SKIMAGE_DATA)`);
    return [];
  }
  const judges: Record<string, Judge> = {
    'objects (detector)': objects(),
    'objects (detector, misses uncertain)': objects({ absentBelow: 0 }),
    'objects (dual-encoder, namer)': objects({ naming: 'dual-encoder' }),
    alignment: alignment(),
  };
  const rows: Record<string, Parameters<typeof summarise>[0][number][]> = Object.fromEntries(
    Object.keys(judges).map((k) => [k, []]),
  );
  let photos = 0;
  for (const [index, [file, noun]] of PHOTOS.entries()) {
    const path = join(DATA, file);
    if (!existsSync(path)) continue;
    photos++;
    // Grey photos are expanded to RGB; every photo is re-encoded as PNG at its own size.
    const png = new Uint8Array(await sharp(readFileSync(path)).toColourspace('srgb').png().toBuffer());
    const decoded = await decodeImage(png);
    const wrong = ABSENT.filter((a) => a !== noun).slice(index % 3, (index % 3) + 5);
    for (const [prompt, right] of [
      [`a ${noun}`, true] as const,
      ...wrong.map((w) => [`a ${w}`, false] as const),
    ]) {
      const checks = parsePrompt(prompt).checks;
      for (const [name, judge] of Object.entries(judges)) {
        const verdicts = await judge.judge({
          bytes: png,
          mediaType: 'image/png',
          image: decoded.image,
          request: { prompt },
          checks,
          verdicts: [],
          shared: new Map(),
        });
        const kind = name === 'alignment' ? 'prompt' : 'entity';
        const v = verdicts.find((x) => x.check.kind === kind);
        rows[name]!.push({
          style: 'noto',
          scene: file,
          kind: 'presence',
          right,
          verdict: v?.verdict ?? 'none',
        });
      }
    }
  }
  console.log(
    `\n${photos} photographs, ${rows['objects (detector)']!.length} prompts (1 right, 5 wrong each)\n`,
  );
  console.log(
    '| judge | n (wrong) | fail precision | fail recall | right prompts passed | right prompts failed | unanswered |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const table = Object.entries(rows).map(([name, r]) => {
    const s = summarise(r);
    const f = (v: number | null) => (v === null ? '—' : `${v}%`);
    console.log(
      `| ${name} | ${s.n} (${s.wrong}) | ${f(s.failPrecision)} | ${f(s.failRecall)} | ${f(s.rightPass)} | ${f(s.rightFail)} | ${f(s.unanswered)} |`,
    );
    return { judge: name, ...s };
  });
  saveResults('photos', [], { photos, judges: table });
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
