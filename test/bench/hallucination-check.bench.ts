// Time per image of each local hallucination-check judge at 64×64 and 512×512 (emoji scene with a
// person, a hand and a teddy bear, so every judge has work), and all local tiers together. Models are
// loaded and warmed before timing. The shared PNG decode is measured side by side as the baseline.
import os from 'node:os';
import {
  alignment,
  anatomy,
  decodeImage,
  degenerate,
  type Judge,
  judgeImage,
  loadAlignmentEncoder,
  memoryReferences,
  nearDuplicate,
  objects,
  parsePrompt,
} from '@pictor/hallucination-check';
import { emojiEntries, emojiPng, grid, scene } from '../../packages/hallucination-check/test/scenes.js';
import { type BenchFigure, measure, sideBySide } from './harness.js';

const PROMPT = 'a woman waving one hand next to a teddy bear';

export default async function run(): Promise<BenchFigure[]> {
  // A reference store of 100 protected works (emoji art), each hashed with PDQ and its default
  // variants (6 rotations, 49 crops of 90 %).
  const works = emojiEntries
    .filter((e) => e.has_img_google)
    .filter((_, i) => i % 20 === 0)
    .slice(0, 100)
    .map((e) => ({ id: e.name, bytes: new Uint8Array(emojiPng(e.name)) }));
  const references = memoryReferences();
  const storeStarted = performance.now();
  for (const w of works) await references.add(w.id, w.bytes);
  const perWork = (performance.now() - storeStarted) / works.length;
  const judges: Record<string, Judge> = {
    degenerate: degenerate(),
    alignment: alignment(),
    objects: objects(),
    'objects (dual-encoder)': objects({ naming: 'dual-encoder' }),
    anatomy: anatomy(),
    nearDuplicate: nearDuplicate({ references }),
  };
  await loadAlignmentEncoder();
  const checks = parsePrompt(PROMPT).checks;
  // The local tiers as a user would configure them: one objects judge (default naming).
  const local = Object.entries(judges)
    .filter(([key]) => key !== 'objects (dual-encoder)')
    .map(([, judge]) => judge);
  const figures: BenchFigure[] = [
    {
      name: 'reference store: adding one work (PDQ + 55 variants + pHash), 64×64 emoji',
      value: perWork,
      unit: 'ms',
      note: `mean over ${works.length} works, once per work (load average ${os.loadavg()[0]!.toFixed(1)})`,
    },
  ];
  const { loadTfjs } = await import('../../packages/hallucination-check/src/runtime/tfjs-runtime.js');
  const backend = (await loadTfjs()).backend;
  for (const size of [64, 512]) {
    const bytes = await scene(grid(['WOMAN', 'HAND WITH FINGERS SPLAYED', 'TEDDY BEAR'], size), { size });
    const decoded = (await decodeImage(bytes)).image!;
    // A fresh derived-data cache per call, so no judge reuses another call's model outputs.
    const judgeOnce = (judge: Judge) => () =>
      judge.judge({
        bytes,
        mediaType: 'image/png',
        image: { ...decoded, derived: new Map() },
        request: { prompt: PROMPT },
        checks: [...checks, ...(judge.checks ?? [])],
        verdicts: [],
        shared: new Map(),
      });
    const iterations = size === 64 ? 20 : 8;
    const decode = await measure(() => decodeImage(bytes), 50, 5);
    figures.push({
      name: `PNG decode (once per image, shared by all judges), ${size}×${size}`,
      value: decode.medianMs,
      unit: 'ms',
      note: '@pictor/image (the Rust png crate in WebAssembly)',
    });
    for (const [name, judge] of Object.entries(judges)) {
      await judgeOnce(judge)(); // load weights
      const cheap = name === 'degenerate' || name === 'nearDuplicate' || name === 'alignment';
      const t = await measure(judgeOnce(judge), cheap ? 100 : iterations, 3);
      figures.push({
        name: `${name} judge, ${size}×${size}, per image (decoded)`,
        value: t.medianMs,
        unit: 'ms',
        ...(name === 'degenerate' ? { goal: '≤ 5 ms', met: t.medianMs <= 5 } : {}),
        note: `min ${t.minMs.toFixed(1)} ms; ${
          name.startsWith('objects') || name === 'anatomy'
            ? `tfjs backend ${backend}, 1 thread`
            : name === 'alignment'
              ? 'onnxruntime-node CPU, 1 thread'
              : name === 'nearDuplicate'
                ? `pure TypeScript, PDQ, a store of ${works.length} works (${(await references.list()).reduce((n, e) => n + 1 + e.variants.length, 0)} hashes)`
                : 'pure TypeScript'
        }`,
      });
    }
    const once = () =>
      judgeImage({
        bytes,
        mediaType: 'image/png',
        request: { prompt: PROMPT },
        checks,
        judges: local,
      });
    const pair = await sideBySide(once, () => decodeImage(bytes), 3, 2);
    figures.push({
      name: `all local judges together (tiers, incl. decode), ${size}×${size}, per image`,
      value: pair.aMs / 6,
      unit: 'ms',
      baseline: { name: 'PNG decode alone', value: pair.bMs / 6, unit: 'ms' },
      ratio: pair.aMs / pair.bMs,
      ...(size === 512 ? { goal: '≤ 400 ms', met: pair.aMs / 6 <= 400 } : {}),
      note: `tfjs ${backend} (objects, anatomy) + onnxruntime-node CPU (alignment), 2-core VM shared with other jobs (load average ${os.loadavg()[0]!.toFixed(1)})`,
    });
    // The default configuration (hallucinationCheck() runs degenerate only), and it with nearDuplicate.
    for (const [label, set] of [
      ['default configuration (degenerate)', [judges.degenerate!]],
      [
        `default + nearDuplicate (store of ${works.length} works)`,
        [judges.degenerate!, judges.nearDuplicate!],
      ],
    ] as const) {
      const withOriginality = set.flatMap((j) => j.checks ?? []);
      const rounds = size === 64 ? 20 : 8;
      const pairDefault = await sideBySide(
        () =>
          judgeImage({
            bytes,
            mediaType: 'image/png',
            request: { prompt: PROMPT },
            checks: [...checks, ...withOriginality],
            judges: [...set],
          }),
        () => decodeImage(bytes),
        rounds,
        2,
      );
      figures.push({
        name: `${label} through the tiers, incl. decode, ${size}×${size}, per image`,
        value: pairDefault.aMs / (rounds * 2),
        unit: 'ms',
        baseline: { name: 'PNG decode alone', value: pairDefault.bMs / (rounds * 2), unit: 'ms' },
        ratio: pairDefault.aMs / pairDefault.bMs,
        ...(size === 512 ? { goal: '≤ 400 ms', met: pairDefault.aMs / (rounds * 2) <= 400 } : {}),
        note: `pure TypeScript (load average ${os.loadavg()[0]!.toFixed(1)})`,
      });
    }
    // A prompt without people: the anatomy judge has nothing to check and does not run its models.
    const objectsPrompt = 'three teddy bears';
    const objectsChecks = parsePrompt(objectsPrompt).checks;
    const noPeople = () =>
      judgeImage({
        bytes,
        mediaType: 'image/png',
        request: { prompt: objectsPrompt },
        checks: objectsChecks,
        judges: local,
      });
    const t = await measure(noPeople, size === 64 ? 10 : 6, 2);
    figures.push({
      name: `all local judges together, prompt without people ("${objectsPrompt}"), ${size}×${size}, per image`,
      value: t.medianMs,
      unit: 'ms',
      ...(size === 512 ? { goal: '≤ 400 ms', met: t.medianMs <= 400 } : {}),
      note: `min ${t.minMs.toFixed(1)} ms; anatomy skips its models when the prompt asks for no people or hands`,
    });
  }
  return figures;
}
