import { readFileSync } from 'node:fs';
import {
  type CallOptions,
  type Capabilities,
  encodePng,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  loadOptionalModule,
  ModelLoadError,
  seededNormal,
  throwIfAborted,
  type Warning,
} from '@pictor/core';
import type * as Ort from 'onnxruntime-node';
import { describeSessions } from '../model-runtime.js';
import type { ParsedModelOptions } from '../onnx-options.js';
import type { SessionPool } from '../runtime/session-pool.js';
import { floatTensor, inputType, readFloats } from '../runtime/tensors.js';
import type { GeneratorCard } from './model-card.js';

/** Turns a prompt into the generator's text row. */
export type PromptEncoderFunction = (prompt: string) => {
  words: Float32Array;
  known: string[];
  unknown: string[];
};

interface EmojiModule {
  createPromptEncoder(vocabulary: unknown): {
    encodePrompt: PromptEncoderFunction;
    suggestWords(unknown: readonly string[], k?: number): string[];
  };
}

/**
 * The prompt encoder of a card: the card vocabulary's normalisation rules, applied by
 * `@pictor/model-emoji`'s `createPromptEncoder` (the code the Pictor models were trained with).
 */
async function cardEncoder(card: GeneratorCard) {
  const module = (await loadOptionalModule(
    '@pictor/model-emoji',
    'npm install @pictor/model-emoji',
    (id) => import(/* @vite-ignore */ id),
  )) as unknown as EmojiModule;
  let vocabulary: unknown;
  try {
    vocabulary = JSON.parse(readFileSync(card.vocabulary, 'utf8'));
  } catch (error) {
    // A JSON SyntaxError quotes the file; say what failed, not what it holds.
    const syntax = error instanceof SyntaxError;
    throw new ModelLoadError(
      `could not read the vocabulary ${card.vocabulary}: ${syntax ? 'it is not valid JSON' : (error as Error).message}`,
      { provider: 'onnx', ...(syntax ? {} : { cause: error }) },
    );
  }
  return module.createPromptEncoder(vocabulary);
}

/** Capabilities of a single-graph generator: one fixed size, no steps, no guidance, seeds honoured. */
export function generatorCapabilities(card: GeneratorCard, options: ParsedModelOptions): Capabilities {
  return {
    generate: true,
    editModes: [],
    maxImagesPerCall: options.maxBatch ?? 16,
    defaultSize: { width: card.size, height: card.size },
    seed: true,
    negativePrompt: false,
    maxPromptLength: 1000,
    progress: 'coarse',
    outputTypes: ['image/png'],
  };
}

/** A single-graph generator with a Pictor model card as an `ImageProvider`. */
export function generatorProvider(
  card: GeneratorCard,
  modelId: string,
  options: ParsedModelOptions,
  pool: SessionPool,
): ImageProvider {
  const capabilities = generatorCapabilities(card, options);
  let encoder:
    | Promise<{
        encodePrompt: PromptEncoderFunction;
        suggestWords?: (unknown: readonly string[], k?: number) => string[];
      }>
    | undefined;

  async function generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<ImageResult> {
    const started = performance.now();
    throwIfAborted(callOptions.signal);
    encoder ??= options.encodePrompt
      ? Promise.resolve({ encodePrompt: options.encodePrompt })
      : cardEncoder(card);
    encoder.catch(() => {
      encoder = undefined;
    });
    const { encodePrompt, suggestWords } = await encoder;
    const encoded = encodePrompt(request.prompt);
    const warnings: Warning[] = [];
    if (encoded.known.length === 0) {
      const suggestions = suggestWords?.(encoded.unknown) ?? [];
      throw new InvalidRequestError(
        'prompt',
        `the model knows none of its words (${encoded.unknown.join(', ') || 'none left after stopwords'})${suggestions.length ? `; try: ${suggestions.join(', ')}` : ''}`,
        { suggestions },
      );
    }
    if (encoded.unknown.length) {
      warnings.push({
        type: 'other',
        source: 'onnx',
        message: `unknown words ignored: ${encoded.unknown.join(', ')}`,
      });
    }
    const loadStart = performance.now();
    const created = await pool.get(card.graph);
    const ort = await pool.runtime();
    const loadMs = performance.now() - loadStart;
    const metadata = describeSessions({ generator: created }, 'generator', warnings);
    const session = created.session;
    const count = request.n ?? 1;
    const seed = (request.seed ?? 0) >>> 0;
    const vocabularySize = encoded.words.length;
    const words = new Float32Array(count * vocabularySize);
    const z = new Float32Array(count * card.zDim);
    for (let i = 0; i < count; i++) {
      words.set(encoded.words, i * vocabularySize);
      z.set(seededNormal((seed + i) >>> 0, card.zDim), i * card.zDim);
    }
    throwIfAborted(callOptions.signal);
    const runStart = performance.now();
    const output = await session.run({
      [card.textInput]: floatTensor(ort, inputType(session, card.textInput), words, [count, vocabularySize]),
      [card.noiseInput]: floatTensor(ort, inputType(session, card.noiseInput), z, [count, card.zDim]),
    });
    const runMs = performance.now() - runStart;
    throwIfAborted(callOptions.signal);
    callOptions.onProgress?.({ type: 'decoding' });
    const pixels = readFloats(output[card.imageOutput] as Ort.Tensor, card.imageOutput);
    const size = card.size;
    const plane = size * size;
    const images = [];
    for (let n = 0; n < count; n++) {
      const rgb = new Uint8Array(plane * 3);
      const base = n * 3 * plane;
      for (let c = 0; c < 3; c++) {
        for (let p = 0; p < plane; p++) {
          const value = Math.round((pixels[base + c * plane + p]! + 1) * 127.5);
          rgb[p * 3 + c] = value < 0 ? 0 : Math.min(value, 255);
        }
      }
      images.push({
        bytes: await encodePng({ width: size, height: size, data: rgb }, 3),
        mediaType: 'image/png' as const,
        width: size,
        height: size,
        seed: (seed + n) >>> 0,
        annotations: {},
      });
    }
    return {
      images,
      warnings,
      provider: 'onnx',
      modelId,
      timings: { totalMs: performance.now() - started, loadMs, runMs },
      providerMetadata: { onnx: { ...metadata, words: encoded.known } },
    };
  }

  return {
    specificationVersion: 'v1',
    provider: 'onnx',
    modelId,
    capabilities,
    generate,
    dispose: () => pool.dispose(),
  };
}
