import { modelCard } from '@pictor/model-emoji';
import { describe, expect, it } from 'vitest';
import { conceptsOf, emojiConceptLines } from '../src/commands/model-concepts.js';

describe('the embedded model’s concepts in pictor models', () => {
  const card = {
    measured_quality: { frequent100_top5_adherence: 0.41, all_concepts_top5_adherence: 0.12 },
    concepts: {
      words: [
        { word: 'tree', images: 20, top5: 0.75 },
        { word: 'heart', images: 280, top5: 1 },
        { word: 'elephant', images: 2, top5: 0 },
        { word: 'broken', top5: 'x' },
      ],
    },
  };

  it('lists concepts best first and drops malformed entries', () => {
    expect(conceptsOf(card).map((c) => c.word)).toEqual(['heart', 'tree', 'elephant']);
  });

  it('summarises adherence, the best and the weakest concepts', () => {
    const lines = emojiConceptLines(false, card);
    expect(lines[0]).toContain('0.41 on the 100 most frequent concepts, 0.12 on all 3');
    expect(lines[1]).toBe('draws     2 of 3 concepts with adherence ≥ 0.5');
    expect(lines[2]).toMatch(/^best {6}heart 1\.00, tree 0\.75/);
    expect(emojiConceptLines(true, card)).toContain('  elephant 0.00 (2 training images)');
  });

  it('reads the shipped model card', () => {
    const shipped = conceptsOf(modelCard);
    expect(shipped.length).toBeGreaterThan(100);
    expect(shipped[0]!.top5).toBeGreaterThanOrEqual(shipped.at(-1)!.top5);
    expect(emojiConceptLines(false).some((l) => l.startsWith('best'))).toBe(true);
  });
});
