// Mutation fuzzing of the one image validator (test/support/fuzz-validator.ts): seeded mutations of
// the PNG, JPEG and WebP fixtures. checkImage never throws; validateImage throws only
// InvalidResponseError; nothing hangs; and what the validator accepts the licence-tagging writers
// accept too (and the reverse). CI runs 30,000 inputs; `pnpm bench image-fuzz` runs 300,000.
import { describe, expect, it } from 'vitest';
import { fuzzValidator } from '../support/fuzz-validator.js';

const INPUTS = 30_000;

describe('fuzzing the validator', () => {
  it(`${INPUTS.toLocaleString('en')} mutated inputs: a verdict or a typed error, never anything else`, () => {
    const outcome = fuzzValidator(INPUTS, 20261202);
    expect(outcome.unexpected).toEqual([]);
    // both outcomes in volume: the mutations reach deep into the files, not only the signature
    expect(outcome.accepted).toBeGreaterThan(INPUTS / 20);
    expect(outcome.refused).toBeGreaterThan(INPUTS / 5);
    expect(outcome.written).toBeGreaterThan(INPUTS / 10 / 20);
    // bounded: inputs are a few KiB, so no single check may take long (a hang shows here)
    expect(outcome.slowestMs).toBeLessThan(250);
  });
});
