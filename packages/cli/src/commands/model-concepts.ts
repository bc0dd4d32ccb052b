import { modelCard } from '@pictor/model-emoji';

/** One concept of a generator's model card: a word, its training images, its measured adherence. */
export interface ConceptAdherence {
  word: string;
  images: number;
  top5: number;
}

/** The measured per-concept adherence in a model card (`concepts.words`), best first; empty when absent. */
export function conceptsOf(card: Record<string, unknown>): ConceptAdherence[] {
  const words = (card.concepts as { words?: unknown } | undefined)?.words;
  if (!Array.isArray(words)) return [];
  return words
    .filter(
      (w): w is ConceptAdherence =>
        typeof w?.word === 'string' && typeof w?.top5 === 'number' && typeof w?.images === 'number',
    )
    .sort((a, b) => b.top5 - a.top5 || b.images - a.images || a.word.localeCompare(b.word));
}

/**
 * Lines for `pictor models` about what the embedded model can and cannot draw: its measured adherence
 * overall and per concept (the share of samples whose prompt the judge ranks in its top 5 of 100).
 */
export function emojiConceptLines(all: boolean, card: Record<string, unknown> = modelCard): string[] {
  const concepts = conceptsOf(card);
  if (concepts.length === 0) return [];
  const quality = card.measured_quality as Record<string, number> | undefined;
  const format = (c: ConceptAdherence) => `${c.word} ${c.top5.toFixed(2)}`;
  const lines: string[] = [];
  if (quality?.frequent100_top5_adherence !== undefined) {
    lines.push(
      `adherence top-5 of 100: ${quality.frequent100_top5_adherence.toFixed(2)} on the 100 most frequent concepts, ${quality.all_concepts_top5_adherence?.toFixed(2)} on all ${concepts.length}`,
    );
  }
  const drawn = concepts.filter((c) => c.top5 >= 0.5);
  lines.push(`draws     ${drawn.length} of ${concepts.length} concepts with adherence ≥ 0.5`);
  if (all) {
    for (const c of concepts) lines.push(`  ${format(c)} (${c.images} training images)`);
  } else {
    lines.push(`best      ${concepts.slice(0, 12).map(format).join(', ')}`);
    lines.push(`weakest   ${concepts.slice(-6).map(format).join(', ')}`);
    lines.push('          (every concept: pictor models tfjs --verbose)');
  }
  return lines;
}
