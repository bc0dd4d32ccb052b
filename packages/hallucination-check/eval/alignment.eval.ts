// The alignment judge: does it catch an image made for a different prompt? Positive = wrong prompt.
import { readFileSync } from 'node:fs';
import { createPrng } from '@pictor/core';
import { encodePrompt } from '@pictor/model-emoji';
import { weightsDir } from '@pictor/model-emoji/node';
import sharp from 'sharp';
import {
  ART_FAIL_Z,
  ART_PASS_Z,
  alignmentScore,
  decodeImage,
  GENERATED_FAIL_Z,
  GENERATED_PASS_Z,
  loadAlignmentEncoder,
  outsideAlignmentDomain,
  readLayout,
} from '../src/index.js';
import { emojiEntries, emojiPng } from '../test/scenes.js';
import { calibrate, metrics, printTable, type ResultRow, type Sample, saveResults, split } from './common.js';
import { generateEmoji } from './emoji-model.js';
import { pixelTruth } from './pixel-truth.js';

// The judge's defaults: `art` for emoji art, `generated` for the emoji model's own outputs (what
// `thresholds: 'auto'` picks for each).
const ART = { fail: ART_FAIL_Z, pass: ART_PASS_Z };
const GENERATED = { fail: GENERATED_FAIL_Z, pass: GENERATED_PASS_Z };

export default async function run(): Promise<ResultRow[]> {
  const next = createPrng(20261125);
  const prompts = emojiEntries
    .filter((e) => e.has_img_google && e.has_img_twitter && !/skin tone|flag|keycap|regional/i.test(e.name))
    .map((e) => ({
      name: e.name,
      prompt: e.name.toLowerCase(),
      known: encodePrompt(e.name.toLowerCase()).known,
    }))
    .filter((p) => p.known.length > 0);
  const chosen = prompts
    .map((p) => ({ p, key: next() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, 400)
    .map((x) => x.p);
  const encoder = await loadAlignmentEncoder();
  const wrongFor = (i: number) => {
    for (let k = 1; k < chosen.length; k++) {
      const other = chosen[(i + 37 * k) % chosen.length]!;
      if (!other.known.some((w) => chosen[i]!.known.includes(w))) return other;
    }
    throw new Error('no disjoint prompt');
  };
  const rows: ResultRow[] = [];
  // A third, larger set: outputs for every eligible prompt, kept only where an independent check (the
  // nearest real emoji in pixel space, not the judge) says the output shows its prompt. The first set
  // counts a right-prompt output the generator failed to draw as a false alarm; this one measures the
  // judge where the truth is known.
  const everyPrompt = prompts.slice(0, 1500);
  const sources = [
    'emoji-model outputs',
    'emoji art (Twemoji 64→32)',
    'emoji-model outputs that show their prompt (pixel-NN truth)',
  ] as const;
  for (const source of sources) {
    let set = chosen;
    let images: Uint8Array[];
    if (source === 'emoji-model outputs') {
      images = await generateEmoji(chosen.map((p, i) => ({ prompt: p.prompt, seed: 1000 + i })));
    } else if (source === 'emoji art (Twemoji 64→32)') {
      images = await Promise.all(
        chosen.map(async (p) => new Uint8Array(await sharp(emojiPng(p.name, 'twitter')).png().toBuffer())),
      );
    } else {
      const all = await generateEmoji(everyPrompt.map((p, i) => ({ prompt: p.prompt, seed: 5000 + i })));
      const truth = await Promise.all(all.map((png, i) => pixelTruth(png, everyPrompt[i]!.known)));
      set = everyPrompt.filter((_, i) => truth[i] === 'shows');
      images = all.filter((_, i) => truth[i] === 'shows');
      console.log(`${source}: ${set.length} of ${everyPrompt.length} outputs show their prompt`);
    }
    const wrongIn = (list: typeof chosen, i: number) => {
      for (let k = 1; k < list.length; k++) {
        const other = list[(i + 37 * k) % list.length]!;
        if (!other.known.some((w) => list[i]!.known.includes(w))) return other;
      }
      throw new Error('no disjoint prompt');
    };
    const defaults = source.startsWith('emoji-model') ? GENERATED : ART;
    const samples: Sample[] = [];
    for (let i = 0; i < set.length; i++) {
      const decoded = (await decodeImage(images[i]!)).image!;
      const right = await alignmentScore(encoder, set[i]!.prompt, decoded);
      const wrong = await alignmentScore(
        encoder,
        (set === chosen ? wrongFor(i) : wrongIn(set, i)).prompt,
        decoded,
      );
      // `flagged` here: outside the judge's domain (it answers `uncertain` there, not pass or fail).
      const outside = outsideAlignmentDomain(readLayout(decoded)) !== undefined;
      samples.push({ id: `${i}:right`, positive: false, score: right.z, group: String(i), flagged: outside });
      samples.push({ id: `${i}:wrong`, positive: true, score: wrong.z, group: String(i), flagged: outside });
    }
    // Split by image so both prompts of one image land in the same half.
    const groups = split([...new Set(samples.map((s) => s.group))], 7);
    const calibrationSet = samples.filter((s) => groups.calibrate.includes(s.group!));
    const reportSet = samples.filter((s) => groups.report.includes(s.group!));
    const failZ = calibrate(calibrationSet, 'below', 0.95);
    rows.push({
      judge: 'alignment',
      task: `wrong prompt, ${source}`,
      split: 'calibration',
      threshold: `fail if z ≤ ${failZ.toFixed(2)}`,
      metrics: metrics(calibrationSet, (s) => s.score <= failZ),
    });
    rows.push({
      judge: 'alignment',
      task: `wrong prompt, ${source}`,
      split: 'held out',
      threshold: `fail if z ≤ ${failZ.toFixed(2)}`,
      metrics: metrics(reportSet, (s) => s.score <= failZ),
    });
    rows.push({
      judge: 'alignment',
      task: `wrong prompt, ${source}`,
      split: 'held out',
      threshold: `default (fail if z ≤ ${defaults.fail})`,
      metrics: metrics(reportSet, (s) => s.score <= defaults.fail),
    });
    // What the judge itself answers: outside its domain `uncertain`, so those images are never flagged.
    const inDomain = reportSet.filter((x) => !x.flagged);
    console.log(
      `${source}: ${samples.filter((x) => x.flagged).length / 2} of ${samples.length / 2} images outside the judge's domain (uncertain)`,
    );
    rows.push({
      judge: 'alignment',
      task: `wrong prompt, ${source}, images inside the domain`,
      split: 'held out',
      threshold: `default (fail if z ≤ ${defaults.fail})`,
      metrics: metrics(inDomain, (x) => x.score <= defaults.fail),
    });
    // The pass side: a `pass` should mean the prompt is right. Positive = right prompt.
    const right = (set: Sample[]) => set.map((s) => ({ ...s, positive: !s.positive }));
    const passZ = calibrate(right(calibrationSet), 'above', 0.95);
    rows.push({
      judge: 'alignment',
      task: `right prompt (pass), ${source}`,
      split: 'held out',
      threshold: `pass if z ≥ ${passZ.toFixed(2)} (calibrated)`,
      metrics: metrics(right(reportSet), (s) => s.score >= passZ),
    });
    rows.push({
      judge: 'alignment',
      task: `right prompt (pass), ${source}`,
      split: 'held out',
      threshold: `default (pass if z ≥ ${defaults.pass})`,
      metrics: metrics(right(reportSet), (s) => s.score >= defaults.pass),
    });
    const q = (xs: number[], p: number) =>
      xs.sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!.toFixed(2);
    const zRight = samples.filter((s) => !s.positive).map((s) => s.score);
    const zWrong = samples.filter((s) => s.positive).map((s) => s.score);
    console.log(
      `${source}: z of right prompts p10/p50/p90 = ${q(zRight, 0.1)}/${q(zRight, 0.5)}/${q(zRight, 0.9)}; wrong prompts ${q(zWrong, 0.1)}/${q(zWrong, 0.5)}/${q(zWrong, 0.9)}`,
    );
  }
  printTable(rows);
  const info = JSON.parse(readFileSync(`${weightsDir}/export-info.json`, 'utf8')) as Record<string, unknown>;
  saveResults('alignment', rows, {
    weights: { step: info.step, exported_at: info.exported_at, checkpoint: info.checkpoint },
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
