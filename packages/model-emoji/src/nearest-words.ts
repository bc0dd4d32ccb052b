import type { Vocabulary } from './vocabulary.js';

/** Levenshtein distance (insert, delete, substitute, each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Up to `k` vocabulary words closest to `word` by edit distance, for "did you mean" suggestions.
 * Only words within `max(2, ⌈length/2⌉)` edits count; ties go to the word with more training images.
 * Returns `[]` when nothing is that close.
 */
export function nearestWords(vocabulary: Vocabulary, word: string, k = 5): string[] {
  const limit = Math.max(2, Math.ceil(word.length / 2));
  const scored: { word: string; distance: number; count: number }[] = [];
  vocabulary.words.forEach((candidate, i) => {
    if (Math.abs(candidate.length - word.length) > limit) return;
    const distance = editDistance(word, candidate);
    if (distance <= limit) scored.push({ word: candidate, distance, count: vocabulary.image_counts[i] ?? 0 });
  });
  scored.sort((a, b) => a.distance - b.distance || b.count - a.count || a.word.localeCompare(b.word));
  return scored.slice(0, k).map((entry) => entry.word);
}
