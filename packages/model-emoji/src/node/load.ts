import { readFile } from 'node:fs/promises';
import type { ModelCard } from '../model-card.js';
import type { Vocabulary } from '../vocabulary.js';
import { modelCardPath, vocabularyPath } from './paths.js';

/** Reads `model-card.json` from disk (the file as it is now, rather than the copy bundled at build time). */
export async function loadModelCard(path: string = modelCardPath): Promise<ModelCard> {
  return JSON.parse(await readFile(path, 'utf8')) as ModelCard;
}

/** Reads a vocabulary file (default: the shipped `weights/vocab.json`). */
export async function loadVocabulary(path: string = vocabularyPath): Promise<Vocabulary> {
  return JSON.parse(await readFile(path, 'utf8')) as Vocabulary;
}
