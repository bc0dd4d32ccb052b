import { nearestWords as nearestIn } from './nearest-words.js';
import type { Vocabulary } from './vocabulary.js';

/** A prompt after normalisation. */
export interface NormalizedPrompt {
  /** Every word left after lowercasing, tokenising, dropping stopwords and folding plurals (deduplicated, in order). */
  words: string[];
  /** The words the model knows, in order. */
  known: string[];
  /** The words it does not know (ignored by the model), in order. */
  unknown: string[];
}

/** A prompt encoded for the generator. */
export interface EncodedPrompt extends Omit<NormalizedPrompt, 'words'> {
  /** The bag-of-words input row, length `V`: `1 / known.length` at each known word's index, 0 elsewhere. */
  words: Float32Array;
}

/** The prompt functions bound to one vocabulary. */
export interface PromptEncoder {
  /** The vocabulary these functions use. */
  readonly vocabulary: Vocabulary;
  /** Applies the vocabulary's normalisation rules to a prompt. */
  normalizePrompt(prompt: string): NormalizedPrompt;
  /** Normalises a prompt and builds the generator's `words` input row. */
  encodePrompt(prompt: string): EncodedPrompt;
  /** Folds one word the way prompts are folded (plural → singular), without the vocabulary filter. */
  foldWord(word: string): string;
  /** Up to `k` known words closest to `word` by edit distance (see `nearestWords`). */
  nearestWords(word: string, k?: number): string[];
  /**
   * Suggestions for a prompt the model cannot draw: the nearest known words of each unknown word
   * (interleaved, deduplicated), or, when none is close, the `k` best-covered concrete words.
   */
  suggestWords(unknown: readonly string[], k?: number): string[];
}

/**
 * Builds the prompt functions for a vocabulary, following exactly the rules in its `normalization`
 * section: lowercase; every match of the token regex is a word; stopwords dropped; each word folded
 * (`plural_keep` kept, `plural_map` mapped, else the first `plural_rules` entry whose suffix matches
 * and whose `min_len` ≤ the word's length); a word that folds into a stopword is dropped; repeats removed.
 */
export function createPromptEncoder(vocabulary: Vocabulary): PromptEncoder {
  const rules = vocabulary.normalization;
  const stopwords = new Set(rules.stopwords);
  const keep = new Set(rules.plural_keep);
  const map = new Map(Object.entries(rules.plural_map));
  const index = new Map(vocabulary.words.map((word, i) => [word, i]));
  const tokenPattern = new RegExp(rules.token_regex, 'g');

  const foldWord = (word: string): string => {
    if (keep.has(word)) return word;
    const mapped = map.get(word);
    if (mapped !== undefined) return mapped;
    for (const rule of rules.plural_rules) {
      if (word.endsWith(rule.suffix) && word.length >= rule.min_len) {
        return word.slice(0, word.length - rule.suffix.length) + rule.replace;
      }
    }
    return word;
  };

  const normalizePrompt = (prompt: string): NormalizedPrompt => {
    const text = rules.lowercase ? prompt.toLowerCase() : prompt;
    const words: string[] = [];
    for (const match of text.matchAll(tokenPattern)) {
      const token = match[0];
      if (stopwords.has(token)) continue;
      const folded = foldWord(token);
      if (!folded || stopwords.has(folded)) continue;
      if (rules.dedupe && words.includes(folded)) continue;
      words.push(folded);
    }
    return {
      words,
      known: words.filter((word) => index.has(word)),
      unknown: words.filter((word) => !index.has(word)),
    };
  };

  const encodePrompt = (prompt: string): EncodedPrompt => {
    const { known, unknown } = normalizePrompt(prompt);
    const row = new Float32Array(vocabulary.words.length);
    for (const word of known) row[index.get(word)!] = 1 / known.length;
    return { words: row, known, unknown };
  };

  const nearestWords = (word: string, k = 5) => nearestIn(vocabulary, foldWord(word.toLowerCase()), k);

  const suggestWords = (unknown: readonly string[], k = 5): string[] => {
    const lists = unknown.map((word) => nearestWords(word, k));
    const out: string[] = [];
    for (let rank = 0; out.length < k && lists.some((list) => rank < list.length); rank++) {
      for (const list of lists) {
        const word = list[rank];
        if (word !== undefined && !out.includes(word) && out.length < k) out.push(word);
      }
    }
    if (out.length > 0) return out;
    return vocabulary.words
      .map((word, i) => ({ word, count: vocabulary.name_image_counts[i] ?? 0 }))
      .sort((a, b) => b.count - a.count)
      .slice(0, k)
      .map((entry) => entry.word);
  };

  return {
    vocabulary,
    normalizePrompt,
    encodePrompt,
    foldWord,
    nearestWords,
    suggestWords,
  };
}
