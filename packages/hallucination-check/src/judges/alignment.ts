import { InvalidRequestError, ModelLoadError } from '@pictor/core';
import { type Layout, readLayout } from '../image/layout.js';
import { resampleRgb } from '../image/resample.js';
import { checkNumber, checkOrder } from '../options-check.js';
import type { Judge, JudgeInput, Verdict } from '../types.js';

/** Options of the `alignment` judge (defaults calibrated on the evaluation set; see the docs). */
export interface AlignmentOptions {
  /** z-score (prompt similarity against the vocabulary's one-word prompts) at or above which the check passes. Default from `thresholds`. */
  passZ?: number;
  /** z-score at or below which it fails (between the two: `uncertain`). Default from `thresholds`. */
  failZ?: number;
  /**
   * Which calibration the defaults come from: `art` (emoji art: fail ≤ ART_FAIL_Z, pass ≥ ART_PASS_Z), `generated`
   * (the emoji model's own outputs, which score lower for their right prompt than art does: fail ≤
   * GENERATED_FAIL_Z, pass ≥ GENERATED_PASS_Z), or `auto` (default): `generated` for images made by the
   * embedded emoji model (model id `emoji`, through the tfjs or onnx adapter), `art` otherwise.
   * `failZ` / `passZ` override either.
   */
  thresholds?: 'auto' | 'art' | 'generated';
  /**
   * What to do with a picture outside the domain the thresholds were calibrated on (one emoji-style object
   * on a plain background): `uncertain` (default) says so with the reason; `judge` scores it anyway.
   */
  outsideDomain?: 'uncertain' | 'judge';
  /** Paths of the two towers (default: the ONNX files shipped in `@pictor/model-emoji`). */
  imageModelPath?: string;
  textModelPath?: string;
}

/** Defaults calibrated on emoji art (`pnpm eval alignment`, docs/hallucination-check.md). */
export const ART_FAIL_Z = 2.5;
export const ART_PASS_Z = 3.5;
/** Defaults calibrated on the emoji model's outputs that show their prompt (same eval, pixel-NN truth). */
export const GENERATED_FAIL_Z = 1.1;
export const GENERATED_PASS_Z = 2;

type Ort = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** The loaded dual encoder: both ONNX sessions, the prompt encoder and the distractor embeddings. */
export interface AlignmentEncoder {
  ort: Ort;
  image: Session;
  text: Session;
  encode: (prompt: string) => { words: Float32Array; known: string[] };
  size: number;
  /** Embeddings of the one-word distractor prompts [K, D]. */
  distractors: Float32Array;
  dim: number;
}

/** The domain `alignment` was calibrated on, as its verdicts state it. */
export const ALIGNMENT_DOMAIN =
  'one emoji-style object on a plain background (Noto/Twemoji art and the emoji model’s outputs, judged at 32×32)';

/** Why a picture is outside the alignment judge's domain, or `undefined` when it is inside. */
export function outsideAlignmentDomain(layout: Layout): string | undefined {
  if (layout.photographic) return `it looks like a photograph (texture ${layout.texture})`;
  if (layout.background === 'varied') return 'no plain background: a gradient, texture or full-bleed picture';
  if (layout.borderForeground >= 0.35)
    return `the picture runs off its edges (${Math.round(layout.borderForeground * 100)} % of the border): a gradient or full-bleed picture`;
  // Two or more separate objects of comparable size (a small part beside a big one is still one emoji).
  if (layout.objects > 1 && layout.secondShare >= 0.25)
    return `a scene of ${layout.objects} separate objects, not one`;
  if (layout.foregroundShare < 0.3)
    return `the subject covers ${Math.round(layout.foregroundShare * 100)} % of the picture (calibrated on full-frame emoji)`;
  return undefined;
}

const encoders = new Map<string, Promise<AlignmentEncoder>>();

function normalize(rows: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < rows.length / dim; r++) {
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += rows[r * dim + i]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dim; i++) rows[r * dim + i]! /= norm;
  }
  return rows;
}

async function loadEncoder(
  options: Pick<AlignmentOptions, 'imageModelPath' | 'textModelPath'>,
): Promise<AlignmentEncoder> {
  let ort: Ort;
  let emoji: typeof import('@pictor/model-emoji');
  let paths: typeof import('@pictor/model-emoji/node');
  try {
    ort = await import('onnxruntime-node');
    emoji = await import('@pictor/model-emoji');
    paths = await import('@pictor/model-emoji/node');
  } catch (error) {
    throw new ModelLoadError(
      'the alignment judge needs onnxruntime-node and @pictor/model-emoji (npm install onnxruntime-node @pictor/model-emoji)',
      { cause: error },
    );
  }
  try {
    const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
    const image = await ort.InferenceSession.create(
      options.imageModelPath ?? paths.clipImageOnnxPath,
      sessionOptions,
    );
    const text = await ort.InferenceSession.create(
      options.textModelPath ?? paths.clipTextOnnxPath,
      sessionOptions,
    );
    const { words } = emoji.vocabulary;
    const size = words.length;
    const batch = new Float32Array(size * size);
    for (let i = 0; i < size; i++) batch[i * size + i] = 1;
    const out = await text.run({ [text.inputNames[0]!]: new ort.Tensor('float32', batch, [size, size]) });
    const embedding = out[text.outputNames[0]!]!;
    const dim = embedding.dims[1] as number;
    return {
      ort,
      image,
      text,
      encode: emoji.encodePrompt,
      size,
      distractors: normalize(new Float32Array(embedding.data as Float32Array), dim),
      dim,
    };
  } catch (error) {
    throw new ModelLoadError(`could not load the emoji dual encoder: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Embeds a prompt and an image and scores their match: cosine, and its z-score against one-word prompts. */
export async function alignmentScore(
  encoder: AlignmentEncoder,
  prompt: string,
  image: { width: number; height: number; data: Uint8Array },
) {
  const { ort } = encoder;
  const { words, known } = encoder.encode(prompt);
  const rgb = resampleRgb(image, 32, 32);
  const chw = new Float32Array(3 * 32 * 32);
  for (let i = 0; i < 32 * 32; i++)
    for (let c = 0; c < 3; c++) chw[c * 1024 + i] = rgb[i * 3 + c]! / 127.5 - 1;
  const [textOut, imageOut] = await Promise.all([
    encoder.text.run({ [encoder.text.inputNames[0]!]: new ort.Tensor('float32', words, [1, encoder.size]) }),
    encoder.image.run({ [encoder.image.inputNames[0]!]: new ort.Tensor('float32', chw, [1, 3, 32, 32]) }),
  ]);
  const t = normalize(
    new Float32Array(textOut[encoder.text.outputNames[0]!]!.data as Float32Array),
    encoder.dim,
  );
  const v = normalize(
    new Float32Array(imageOut[encoder.image.outputNames[0]!]!.data as Float32Array),
    encoder.dim,
  );
  const cosine = (a: Float32Array, offset: number) => {
    let sum = 0;
    for (let i = 0; i < encoder.dim; i++) sum += a[offset + i]! * v[i]!;
    return sum;
  };
  const own = cosine(t, 0);
  const k = encoder.distractors.length / encoder.dim;
  let mean = 0;
  let square = 0;
  let above = 0;
  for (let r = 0; r < k; r++) {
    const s = cosine(encoder.distractors, r * encoder.dim);
    mean += s;
    square += s * s;
    if (s > own) above++;
  }
  mean /= k;
  const std = Math.sqrt(Math.max(1e-12, square / k - mean * mean));
  return { cosine: own, z: (own - mean) / std, percentile: 1 - above / k, known };
}

/** Loads a dual encoder once per pair of paths (default: the judge shipped in `@pictor/model-emoji`). */
export function loadAlignmentEncoder(
  options: Pick<AlignmentOptions, 'imageModelPath' | 'textModelPath'> = {},
): Promise<AlignmentEncoder> {
  const key = `${options.imageModelPath ?? ''}\n${options.textModelPath ?? ''}`;
  let loading = encoders.get(key);
  if (!loading) {
    loading = loadEncoder(options);
    encoders.set(key, loading);
    loading.catch(() => encoders.delete(key));
  }
  return loading;
}

/**
 * CLIPScore-style whole-prompt alignment with `@pictor/model-emoji`'s tiny dual encoder (32×32 image
 * tower, bag-of-words text tower) on onnxruntime-node. Because raw cosines are not comparable across
 * prompts, the score is a z-score against the encoder's one-word prompts (B6's "z-scored against shuffled
 * prompts"). Meant for the emoji model's outputs: it knows only the emoji vocabulary, and a prompt with no
 * known word stays unchecked.
 *
 * @example
 * hallucinationCheck({ judges: [alignment()], policy: { type: 'reroll', maxAttempts: 4 } });
 */
export function alignment(options: AlignmentOptions = {}): Judge {
  checkNumber(options.passZ, 'passZ', -100, 100);
  checkNumber(options.failZ, 'failZ', -100, 100);
  checkOrder(options.failZ, options.passZ, 'failZ', 'must not be above passZ');
  const mode = options.thresholds ?? 'auto';
  const outside = options.outsideDomain ?? 'uncertain';
  if (outside !== 'uncertain' && outside !== 'judge')
    throw new InvalidRequestError(
      'outsideDomain',
      `must be 'uncertain' or 'judge', not ${JSON.stringify(outside)}`,
    );
  if (!['auto', 'art', 'generated'].includes(mode))
    throw new InvalidRequestError(
      'thresholds',
      `must be 'auto', 'art' or 'generated', not ${JSON.stringify(mode)}`,
    );
  const limits = (calibration: 'art' | 'generated') => {
    const [fail, pass] =
      calibration === 'art' ? [ART_FAIL_Z, ART_PASS_Z] : [GENERATED_FAIL_Z, GENERATED_PASS_Z];
    const passZ = options.passZ ?? Math.max(pass, options.failZ ?? pass);
    return { passZ, failZ: options.failZ ?? Math.min(fail, passZ), calibration };
  };
  const art = limits('art');
  const generated = limits('generated');
  return {
    name: 'alignment',
    tier: 1,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const check = input.checks.find((c) => c.kind === 'prompt');
      if (!check || !input.image) return [];
      const encoder = await loadAlignmentEncoder(options);
      const score = await alignmentScore(encoder, input.request.prompt, input.image);
      if (score.known.length === 0) return [];
      const { passZ, failZ, calibration } =
        mode === 'generated' || (mode === 'auto' && input.source?.modelId === 'emoji') ? generated : art;
      const layout = readLayout(input.image);
      const reason = outside === 'uncertain' ? outsideAlignmentDomain(layout) : undefined;
      const verdict = reason
        ? 'uncertain'
        : score.z >= passZ
          ? 'pass'
          : score.z <= failZ
            ? 'fail'
            : 'uncertain';
      return [
        {
          check,
          verdict,
          score: score.percentile,
          judge: 'alignment',
          evidence: {
            cosine: Math.round(score.cosine * 1000) / 1000,
            z: Math.round(score.z * 100) / 100,
            percentile: Math.round(score.percentile * 1000) / 1000,
            knownWords: score.known,
            passZ,
            failZ,
            calibration,
            domain: ALIGNMENT_DOMAIN,
            layout,
            ...(reason ? { reason: `outside the calibrated domain: ${reason}` } : {}),
          },
        },
      ];
    },
  };
}
