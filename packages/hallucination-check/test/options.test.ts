import { InvalidRequestError } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import {
  alignment,
  anatomy,
  degenerate,
  hallucinationCheck,
  nearDuplicate,
  objects,
  type Policy,
  vlm,
} from '../src/index.js';

function fieldOf(make: () => unknown): string | undefined {
  try {
    make();
  } catch (error) {
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    return (error as InvalidRequestError).field;
  }
  return undefined;
}

const ask = async () => ({ answer: 'yes' });

describe('bad options are typed errors naming the field, at creation time', () => {
  it('middleware options', () => {
    expect(fieldOf(() => hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 0 } }))).toBe(
      'policy.maxAttempts',
    );
    expect(fieldOf(() => hallucinationCheck({ policy: { type: 'refine', maxAttempts: 1.5 } }))).toBe(
      'policy.maxAttempts',
    );
    expect(fieldOf(() => hallucinationCheck({ policy: { type: 'reroll', budgetMs: -5 } }))).toBe(
      'policy.budgetMs',
    );
    expect(fieldOf(() => hallucinationCheck({ policy: { type: 'retry' } as unknown as Policy }))).toBe(
      'policy.type',
    );
    expect(fieldOf(() => hallucinationCheck({ uncertain: 'maybe' as 'pass' }))).toBe('uncertain');
    expect(fieldOf(() => hallucinationCheck({ judges: [{ name: 'x' } as never] }))).toBe('judges[0]');
    expect(
      fieldOf(() => hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 2, budgetMs: 1000 } })),
    ).toBeUndefined();
  });

  it('judge options', () => {
    expect(fieldOf(() => degenerate({ minStdDev: -1 }))).toBe('minStdDev');
    expect(fieldOf(() => degenerate({ minNeighbourCorrelation: Number.NaN }))).toBe(
      'minNeighbourCorrelation',
    );
    expect(fieldOf(() => objects({ minScore: 2 }))).toBe('minScore');
    expect(fieldOf(() => objects({ minScore: 0.2, absentBelow: 0.5 }))).toBe('absentBelow');
    expect(fieldOf(() => anatomy({ minFaceScore: 1.5 }))).toBe('minFaceScore');
    expect(fieldOf(() => alignment({ passZ: 1, failZ: 2 }))).toBe('failZ');
    expect(fieldOf(() => alignment({ passZ: 1 }))).toBeUndefined();
    expect(fieldOf(() => vlm({ ask, passAt: 0.3 }))).toBeUndefined();
    expect(fieldOf(() => vlm({ ask: 'clef' as never }))).toBe('ask');
    expect(fieldOf(() => vlm({ ask, passAt: 0.3, failAt: 0.5 }))).toBe('failAt');
    expect(fieldOf(() => vlm({ ask, concurrency: 0 }))).toBe('concurrency');
    expect(
      fieldOf(() =>
        nearDuplicate({
          references: [{ id: 'a', hash: '0123456789abcdef' }],
          algorithm: 'phash',
          maxDistance: 65,
        }),
      ),
    ).toBe('maxDistance');
    expect(
      fieldOf(() =>
        nearDuplicate({ references: [{ id: 'a', hash: '0123456789abcdef' }], algorithm: 'phash' }),
      ),
    ).toBeUndefined();
  });
});
