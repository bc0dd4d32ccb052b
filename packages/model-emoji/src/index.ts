// @pictor/model-emoji — the embedded default model: its card, its vocabulary and the prompt encoding it
// was trained with. No runtime dependencies; safe in Node and Workers. File paths of the weights: `./node`.

import { createPromptEncoder, type PromptEncoder } from './prompt-encoder.js';
import { vocabulary } from './vocabulary.js';

export { imagesFromOutput } from './image-output.js';
export { type ModelCard, modelCard, type TensorSpec, type TrainingSource } from './model-card.js';
export { editDistance } from './nearest-words.js';
export {
  createPromptEncoder,
  type EncodedPrompt,
  type NormalizedPrompt,
  type PromptEncoder,
} from './prompt-encoder.js';
export { type NormalizationRules, type PluralRule, type Vocabulary, vocabulary } from './vocabulary.js';

/** The prompt functions of the shipped vocabulary. */
export const emojiPrompts: PromptEncoder = createPromptEncoder(vocabulary);

/**
 * Normalises a prompt with the shipped vocabulary's rules.
 *
 * @example
 * normalizePrompt('Draw two red Apples, please!');
 * // → { words: ['two', 'red', 'apple'], known: ['two', 'red', 'apple'], unknown: [] }
 */
export const normalizePrompt: PromptEncoder['normalizePrompt'] = emojiPrompts.normalizePrompt;

/**
 * Encodes a prompt as the generator's `words` input row (length `vocabulary.size`).
 *
 * @example
 * const { words, known, unknown } = encodePrompt('an elephant');
 */
export const encodePrompt: PromptEncoder['encodePrompt'] = emojiPrompts.encodePrompt;

/**
 * The `k` known words nearest to `word` by edit distance (empty when none is close).
 *
 * @example
 * nearestWords('elefant'); // → ['elephant', …]
 */
export const nearestWords: PromptEncoder['nearestWords'] = emojiPrompts.nearestWords;

/** Suggestions for a prompt with no known word (see `PromptEncoder.suggestWords`). */
export const suggestWords: PromptEncoder['suggestWords'] = emojiPrompts.suggestWords;

// The package version, from package.json at build time.
export { VERSION } from './version.js';
