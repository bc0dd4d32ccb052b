import {
  InvalidRequestError,
  InvalidResponseError,
  readImageInfo,
  throwIfAborted,
  UnsupportedFeatureError,
} from '@pictor/core';
import { toBase64 } from '../models/model.js';
import type { AiRunner } from '../run/runner.js';

/** Vision and classification model ids Pictor wraps. */
export type WorkersAIVisionModelId =
  | '@cf/cloudflare/clef'
  | '@cf/cloudflare/clef-flash'
  | '@cf/meta/llama-3.2-11b-vision-instruct'
  | '@cf/llava-hf/llava-1.5-7b-hf'
  | '@cf/microsoft/resnet-50';

/** A question about one image. */
export interface VisionQuestion {
  /** An encoded PNG, JPEG or WebP file. */
  image: Uint8Array;
  /** A yes/no question works best with every model, for example "Does the image show a red apple?". */
  question: string;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** A model's answer. */
export interface VisionAnswer {
  /** The answer text (`yes`/`no` for clef; free text for the chat models). */
  answer: string;
  /** P(yes), 0–1: only models that report calibrated probabilities (clef) set it. */
  yesProbability?: number;
}

/**
 * A yes/no judge of images: the shape `@pictor/hallucination-check` takes by injection, so that a
 * user who never calls Workers AI never loads this package.
 *
 * @example
 * const judge: VisionJudge = createWorkersAI({ accountId, apiToken }).judge('@cf/cloudflare/clef');
 * const { answer, yesProbability } = await judge({ image: png, question: 'Is there a red apple?' });
 */
export type VisionJudge = (input: VisionQuestion) => Promise<VisionAnswer>;

/** One ImageNet label with its score (resnet-50). */
export interface ImageLabel {
  label: string;
  score: number;
}

/** A Workers AI vision model. */
export interface WorkersAIVisionModel {
  readonly modelId: WorkersAIVisionModelId;
  /** Asks a question about an image (clef, llama-3.2 vision, llava). */
  ask(input: VisionQuestion): Promise<VisionAnswer>;
  /** Classifies an image (resnet-50): labels by descending score. */
  classify(image: Uint8Array, options?: { signal?: AbortSignal }): Promise<ImageLabel[]>;
  /** `ask` as a standalone function (safe to pass around). */
  readonly judge: VisionJudge;
}

const KNOWN = new Set<string>([
  '@cf/cloudflare/clef',
  '@cf/cloudflare/clef-flash',
  '@cf/meta/llama-3.2-11b-vision-instruct',
  '@cf/llava-hf/llava-1.5-7b-hf',
  '@cf/microsoft/resnet-50',
]);
/** Clef takes images of at most 4 MiB each. */
const CLEF_MAX_IMAGE_BYTES = 4 * 1024 * 1024;

function checkImage(image: unknown, maxBytes?: number): { mediaType: string } {
  if (!(image instanceof Uint8Array))
    throw new InvalidRequestError('image', 'must be the bytes of a PNG, JPEG or WebP file');
  let info: ReturnType<typeof readImageInfo>;
  try {
    info = readImageInfo(image);
  } catch (error) {
    throw new InvalidRequestError('image', `is not a readable image: ${(error as Error).message}`);
  }
  if (info.mediaType === 'image/gif')
    throw new InvalidRequestError('image', 'GIF is not accepted; use PNG, JPEG or WebP');
  if (maxBytes !== undefined && image.length > maxBytes)
    throw new InvalidRequestError('image', `is ${image.length} bytes; the model takes at most ${maxBytes}`);
  return info;
}

function checkQuestion(question: unknown): string {
  if (typeof question !== 'string' || question.trim() === '')
    throw new InvalidRequestError('question', 'must be a non-empty string');
  return question.trim();
}

function yesNo(text: string): string {
  return text.trim();
}

/** Creates a vision model on a run seam. Unknown ids are an `InvalidRequestError`. */
export function createVisionModel(
  modelId: WorkersAIVisionModelId,
  getRunner: () => AiRunner,
): WorkersAIVisionModel {
  if (!KNOWN.has(modelId)) {
    throw new InvalidRequestError(
      'modelId',
      `"${modelId}" is not a vision model Pictor wraps (known: ${[...KNOWN].join(', ')})`,
    );
  }
  const isClef = modelId.startsWith('@cf/cloudflare/clef');
  let agreed = false;

  async function runLlama(
    inputs: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const runner = getRunner();
    const options = signal ? { signal } : {};
    try {
      return await runner.run(modelId, inputs, options);
    } catch (error) {
      // Llama 3.2's licence must be accepted once per account by sending the prompt "agree" (code 5016).
      if (agreed || !/code 5016/.test((error as Error).message ?? '')) throw error;
      await runner.run(modelId, { prompt: 'agree' }, options);
      agreed = true;
      return runner.run(modelId, inputs, options);
    }
  }

  async function ask(input: VisionQuestion): Promise<VisionAnswer> {
    if (modelId === '@cf/microsoft/resnet-50') {
      throw new UnsupportedFeatureError('question', 'resnet-50 classifies images; use classify()');
    }
    const question = checkQuestion(input?.question);
    const info = checkImage(input.image, isClef ? CLEF_MAX_IMAGE_BYTES : undefined);
    throwIfAborted(input.signal);
    const signal = input.signal;
    if (isClef) {
      const output = (await getRunner().run(
        modelId,
        {
          model: modelId.endsWith('clef-flash') ? 'clef-flash' : 'clef',
          state: 'One image is attached. Judge only what is visible in it.',
          questions: {
            q: { type: 'noul', instructions: question, criteria: 'Yes only if the image clearly shows it.' },
          },
          images: [{ content_type: info.mediaType, base64: toBase64(input.image) }],
        },
        signal ? { signal } : {},
      )) as { answers?: Record<string, { noul?: unknown }> };
      const p = output?.answers?.q?.noul;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
        throw new InvalidResponseError(`${modelId} returned no probability for the question`, {
          provider: 'workers-ai',
        });
      }
      return { answer: p >= 0.5 ? 'yes' : 'no', yesProbability: p };
    }
    if (modelId === '@cf/llava-hf/llava-1.5-7b-hf') {
      const output = (await getRunner().run(
        modelId,
        { image: Array.from(input.image), prompt: question, max_tokens: 64 },
        signal ? { signal } : {},
      )) as { description?: unknown };
      if (typeof output?.description !== 'string')
        throw new InvalidResponseError(`${modelId} returned no description`, { provider: 'workers-ai' });
      return { answer: yesNo(output.description) };
    }
    const output = (await runLlama(
      { prompt: `${question}\nAnswer "yes" or "no" first.`, image: Array.from(input.image), max_tokens: 64 },
      signal,
    )) as { response?: unknown };
    if (typeof output?.response !== 'string')
      throw new InvalidResponseError(`${modelId} returned no response`, { provider: 'workers-ai' });
    return { answer: yesNo(output.response) };
  }

  async function classify(image: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<ImageLabel[]> {
    if (modelId !== '@cf/microsoft/resnet-50')
      throw new UnsupportedFeatureError('classify', `${modelId} answers questions; use ask()`);
    checkImage(image);
    throwIfAborted(options.signal);
    const output = await getRunner().run(
      modelId,
      { image: Array.from(image) },
      options.signal ? { signal: options.signal } : {},
    );
    if (
      !Array.isArray(output) ||
      !output.every((l) => typeof l?.label === 'string' && typeof l?.score === 'number')
    ) {
      throw new InvalidResponseError(`${modelId} returned no labels`, { provider: 'workers-ai' });
    }
    return (output as ImageLabel[])
      .map(({ label, score }) => ({ label, score }))
      .sort((a, b) => b.score - a.score);
  }

  return { modelId, ask, classify, judge: (input) => ask(input) };
}
