import vocabularyJson from '../weights/vocab.json' with { type: 'json' };

/** One plural-folding rule: a word ending in `suffix` (and at least `min_len` long) gets it replaced by `replace`. */
export interface PluralRule {
  suffix: string;
  replace: string;
  min_len: number;
}

/** How prompt text becomes vocabulary words (the rules the model was trained with). */
export interface NormalizationRules {
  /** Prose statement of the rules; the code follows it exactly. */
  description: string;
  /** Lowercase the text first. */
  lowercase: boolean;
  /** The token pattern; every match is a word, everything else separates words. */
  token_regex: string;
  /** Repeated words count once. */
  dedupe: boolean;
  /** Filler words dropped before anything else (articles, "draw", "emoji"…). */
  stopwords: string[];
  /** Words ending in "s" that are not plurals, kept as they are. */
  plural_keep: string[];
  /** Irregular plurals mapped to their singular. */
  plural_map: Record<string, string>;
  /** Regular plural rules, the first match applies. */
  plural_rules: PluralRule[];
}

/**
 * The model's vocabulary, as stored in `weights/vocab.json`: index `i` of `words` is column `i` of the
 * generator's `words` input.
 */
export interface Vocabulary {
  /** Format version of the file. */
  version: number;
  /** Number of words (`V`). */
  size: number;
  /** The words, in input-column order. */
  words: string[];
  /** Per word: training images whose caption has it. */
  image_counts: number[];
  /** Per word: training images whose emoji name has it (how concrete and well covered a concept is). */
  name_image_counts: number[];
  /** The normalisation rules. */
  normalization: NormalizationRules;
  /** Length of the noise vector `z`. */
  z_dim: number;
}

/** The vocabulary of the shipped weights. */
export const vocabulary: Vocabulary = vocabularyJson as Vocabulary;
