import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import { confinedPath } from './confined-path.js';

/** The parts of a Pictor model card (`model-card.json`) that the ONNX adapter reads. */
export interface GeneratorCard {
  /** The card's folder. */
  root: string;
  /** The card's `name`. */
  name: string;
  /** Absolute path of the ONNX generator (`weights.onnx.generator`). */
  graph: string;
  /** Absolute path of the vocabulary (`vocabulary`). */
  vocabulary: string;
  /** Name of the text input (`[N, V]` bag of words). */
  textInput: string;
  /** Name of the noise input (`[N, z_dim]`). */
  noiseInput: string;
  /** Noise width. */
  zDim: number;
  /** Name of the image output (`[N, 3, S, S]` in [-1, 1]). */
  imageOutput: string;
  /** Output side in pixels. */
  size: number;
}

interface CardJson {
  name?: string;
  image_size?: number;
  z_dim?: number;
  vocabulary?: string;
  inputs?: Record<string, { shape?: unknown[]; description?: string }>;
  outputs?: Record<string, { shape?: unknown[] }>;
  weights?: { onnx?: { generator?: string } };
}

/** Whether `path` is a model card file or a folder holding `model-card.json`. */
export function isModelCard(path: string): boolean {
  if (path.endsWith('.json')) return existsSync(path);
  return existsSync(join(path, 'model-card.json'));
}

/** Reads a Pictor model card of a single-graph generator. */
export function readModelCard(path: string): GeneratorCard {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'model-card.json') : path;
  const root = dirname(file);
  let card: CardJson;
  try {
    card = JSON.parse(readFileSync(file, 'utf8')) as CardJson;
  } catch (error) {
    // A JSON SyntaxError quotes the file; say what failed, not what it holds.
    const syntax = error instanceof SyntaxError;
    throw new ModelLoadError(
      `could not read the model card ${file}: ${syntax ? 'it is not valid JSON' : (error as Error).message}`,
      { provider: 'onnx', ...(syntax ? {} : { cause: error }) },
    );
  }
  const fail = (what: string): never => {
    throw new ModelLoadError(`model card ${file}: ${what}`, { provider: 'onnx' });
  };
  const graph = card.weights?.onnx?.generator ?? fail('no weights.onnx.generator');
  const inputs = Object.entries(card.inputs ?? {});
  if (inputs.length !== 2) fail('a generator card must declare two inputs (words and noise)');
  const noise =
    inputs.find(([name, spec]) => name === 'z' || /noise/i.test(spec.description ?? '')) ??
    fail('no noise input (z)');
  const text = inputs.find(([name]) => name !== noise[0])!;
  const zDim = Number(noise[1].shape?.[1] ?? card.z_dim);
  const output = Object.entries(card.outputs ?? {})[0] ?? fail('no output');
  const size = Number(output[1].shape?.[3] ?? card.image_size);
  if (!Number.isInteger(zDim) || zDim <= 0) fail('the noise input has no fixed width');
  if (!Number.isInteger(size) || size <= 0) fail('the output has no fixed size');
  return {
    root,
    name: card.name ?? root,
    graph: confinedPath(root, graph, 'weights.onnx.generator', file),
    vocabulary: confinedPath(root, card.vocabulary ?? fail('no vocabulary'), 'vocabulary', file),
    textInput: text[0],
    noiseInput: noise[0],
    zDim,
    imageOutput: output[0],
    size,
  };
}
