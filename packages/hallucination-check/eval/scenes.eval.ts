// The evaluation the docs lead with: composed multi-object scenes in art styles, two of them held out
// from every training run, prompts with presence, counts and colours (half wrong). Per judge and per
// check kind, `uncertain` counted both ways; thresholds calibrated on the training styles only.
import { createPrng } from '@pictor/core';
import {
  alignment,
  type Check,
  decodeImage,
  degenerate,
  type Judge,
  judgeImage,
  objects,
  parsePrompt,
  type Verdict,
} from '../src/index.js';
import { calibrate, type Sample, saveResults } from './common.js';
import {
  CALIBRATION_STYLES,
  type ComposedScene,
  composeScenes,
  HELD_OUT_STYLES,
  type LabelledPrompt,
  promptsFor,
  type Style,
} from './composed-scenes.js';

const KIND_OF: Record<LabelledPrompt['kind'], Check['kind']> = {
  presence: 'entity',
  count: 'count',
  colour: 'attribute',
};

interface Outcome {
  style: Style;
  scene: string;
  kind: LabelledPrompt['kind'] | 'prompt';
  right: boolean;
  verdict: Verdict['verdict'] | 'none';
  best?: number;
}

/** Fail precision / recall with uncertain counted as pass, then as fail; the pass rate of right prompts. */
export function summarise(rows: readonly Outcome[]) {
  const wrong = rows.filter((r) => !r.right);
  const right = rows.filter((r) => r.right);
  const fails = rows.filter((r) => r.verdict === 'fail');
  const failsOrUnsure = rows.filter((r) => r.verdict === 'fail' || r.verdict === 'uncertain');
  const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  return {
    n: rows.length,
    right: right.length,
    wrong: wrong.length,
    failPrecision: ratio(fails.filter((r) => !r.right).length, fails.length),
    failRecall: ratio(wrong.filter((r) => r.verdict === 'fail').length, wrong.length),
    failOrUncertainPrecision: ratio(failsOrUnsure.filter((r) => !r.right).length, failsOrUnsure.length),
    failOrUncertainRecall: ratio(
      wrong.filter((r) => r.verdict !== 'pass' && r.verdict !== 'none').length,
      wrong.length,
    ),
    rightPass: ratio(right.filter((r) => r.verdict === 'pass').length, right.length),
    rightFail: ratio(right.filter((r) => r.verdict === 'fail').length, right.length),
    unanswered: ratio(rows.filter((r) => r.verdict === 'none').length, rows.length),
  };
}

const fmt = (v: number | null) => (v === null ? '—' : `${v}%`);

export default async function run(perStyle = Number(process.env.SCENES_PER_STYLE ?? 60)) {
  const judges: Record<string, Judge> = {
    alignment: alignment(),
    'objects (detector)': objects(),
    'objects (dual-encoder, namer)': objects({ naming: 'dual-encoder' }),
    'objects (dual-encoder, judge encoder)': objects({ naming: 'dual-encoder', encoder: 'judge' }),
  };
  const configs: Record<string, Judge[]> = {
    'default (hallucinationCheck())': [degenerate()],
    'docs example (degenerate, alignment)': [degenerate(), alignment()],
    'degenerate, objects (dual-encoder), alignment': [
      degenerate(),
      objects({ naming: 'dual-encoder' }),
      alignment(),
    ],
  };
  const outcomes: Record<string, Outcome[]> = Object.fromEntries(Object.keys(judges).map((k) => [k, []]));
  const configOutcomes: Record<string, Outcome[]> = Object.fromEntries(
    Object.keys(configs).map((k) => [k, []]),
  );
  // SCENE_STYLES=noto,fluent limits the run (e.g. to calibrate on the training styles alone).
  const styles = process.env.SCENE_STYLES
    ? (process.env.SCENE_STYLES.split(',') as Style[])
    : [...CALIBRATION_STYLES, ...HELD_OUT_STYLES];
  const next = createPrng(16);
  for (const [index, style] of styles.entries()) {
    // The held-out styles carry the figures; the training styles get TRAINING_STYLE_SCENES (default the same).
    const count = HELD_OUT_STYLES.includes(style)
      ? perStyle
      : Number(process.env.TRAINING_STYLE_SCENES ?? perStyle);
    const scenes: ComposedScene[] = await composeScenes(style, count, 1600 + index);
    for (const scene of scenes) {
      const decoded = await decodeImage(scene.png);
      const image = decoded.image!;
      for (const labelled of promptsFor(scene, next)) {
        const checks = parsePrompt(labelled.prompt).checks;
        const wanted = KIND_OF[labelled.kind];
        for (const [name, judge] of Object.entries(judges)) {
          const verdicts = await judge.judge({
            bytes: scene.png,
            mediaType: 'image/png',
            image,
            request: { prompt: labelled.prompt },
            checks,
            verdicts: [],
            shared: new Map(),
          });
          const kind = name === 'alignment' ? 'prompt' : wanted;
          const v = verdicts.find((x) => x.check.kind === kind);
          const best = verdicts.find((x) => x.check.kind === 'entity')?.evidence.best;
          outcomes[name]!.push({
            style,
            scene: scene.id,
            kind: name === 'alignment' ? 'prompt' : labelled.kind,
            right: labelled.right,
            verdict: v?.verdict ?? 'none',
            ...(typeof best === 'number' ? { best } : {}),
          });
        }
        for (const [name, set] of Object.entries(configs)) {
          const report = await judgeImage({
            bytes: scene.png,
            mediaType: 'image/png',
            request: { prompt: labelled.prompt },
            checks,
            judges: set,
            decoded,
          });
          configOutcomes[name]!.push({
            style,
            scene: scene.id,
            kind: labelled.kind,
            right: labelled.right,
            verdict: report.passed ? 'pass' : 'fail',
          });
        }
      }
    }
    console.log(`${style}: ${scenes.length} scenes judged`);
  }
  const held = (r: Outcome) => HELD_OUT_STYLES.includes(r.style);
  const calib = (r: Outcome) => CALIBRATION_STYLES.includes(r.style);
  const table: Record<string, unknown>[] = [];
  console.log(
    '\n| judge | check kind | styles | n (wrong) | fail precision | fail recall | precision, uncertain = fail | recall, uncertain = fail | right prompts passed | right prompts failed | unanswered |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, rows] of Object.entries(outcomes)) {
    const kinds = [...new Set(rows.map((r) => r.kind))];
    for (const kind of kinds)
      for (const [label, pick] of [
        ['held out', held],
        ['training', calib],
      ] as const) {
        const s = summarise(rows.filter((r) => r.kind === kind && pick(r)));
        table.push({ judge: name, kind, styles: label, ...s });
        console.log(
          `| ${name} | ${kind} | ${label} | ${s.n} (${s.wrong}) | ${fmt(s.failPrecision)} | ${fmt(s.failRecall)} | ${fmt(s.failOrUncertainPrecision)} | ${fmt(s.failOrUncertainRecall)} | ${fmt(s.rightPass)} | ${fmt(s.rightFail)} | ${fmt(s.unanswered)} |`,
        );
      }
  }
  console.log(
    '\n| configuration | styles | right prompts flagged (false alarms) | wrong prompts flagged | n |',
  );
  console.log('|---|---|---|---|---|');
  const configTable: Record<string, unknown>[] = [];
  for (const [name, rows] of Object.entries(configOutcomes))
    for (const [label, pick] of [
      ['held out', held],
      ['training', calib],
    ] as const) {
      const s = summarise(rows.filter(pick));
      configTable.push({ config: name, styles: label, ...s });
      console.log(`| ${name} | ${label} | ${fmt(s.rightFail)} | ${fmt(s.failRecall)} | ${s.n} |`);
    }
  // The namer's absence threshold, calibrated on the training styles (precision ≥ 95 %).
  const presence = (pick: (r: Outcome) => boolean): Sample[] =>
    outcomes['objects (dual-encoder, namer)']!.filter((r) => r.kind === 'presence' && pick(r)).map((r) => ({
      id: r.scene,
      positive: !r.right,
      score: r.best ?? -10,
    }));
  const absentZ = calibrate(presence(calib), 'below', 0.95);
  const presentZ = calibrate(
    presence(calib).map((s) => ({ ...s, positive: !s.positive })),
    'above',
    0.95,
  );
  console.log(
    `\nnamer presence thresholds calibrated on the training styles: absent if best z ≤ ${absentZ.toFixed(2)}, present if z ≥ ${presentZ.toFixed(2)}`,
  );
  for (const style of styles)
    console.log(
      `${style}: objects (namer) presence ${JSON.stringify(summarise(outcomes['objects (dual-encoder, namer)']!.filter((r) => r.style === style && r.kind === 'presence')))}`,
    );
  saveResults('scenes', [], {
    scenesPerHeldOutStyle: perStyle,
    scenesPerTrainingStyle: Number(process.env.TRAINING_STYLE_SCENES ?? perStyle),
    heldOutStyles: HELD_OUT_STYLES,
    calibrationStyles: CALIBRATION_STYLES,
    judges: table,
    configurations: configTable,
    calibrated: { namerAbsentZ: absentZ, namerPresentZ: presentZ },
  });
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
