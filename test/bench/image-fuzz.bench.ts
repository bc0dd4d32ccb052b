// The long validator fuzz run: 300,000 seeded mutations through checkImage, validateImage and (every
// 10th) writeProvenance — the CI test runs 30,000 of the same (test/core/validator-fuzz.test.ts).
// Fails when anything other than a verdict or a typed error comes out.
import { fuzzValidator } from '../support/fuzz-validator.js';
import type { BenchFigure } from './harness.js';

export default async function run(): Promise<BenchFigure[]> {
  const outcome = fuzzValidator(300_000, 20261203);
  if (outcome.unexpected.length) throw new Error(`fuzz found: ${outcome.unexpected.join('; ')}`);
  const note = `${outcome.accepted} accepted, ${outcome.refused} refused, ${outcome.written} tagged; no untyped error, no disagreement`;
  return [
    {
      name: 'validator fuzz: mutated inputs per second',
      value: outcome.inputs / (outcome.totalMs / 1000),
      unit: 'inputs/s',
      note,
    },
    {
      name: 'validator fuzz: slowest single checkImage',
      value: outcome.slowestMs,
      unit: 'ms',
      goal: '< 250 ms',
      met: outcome.slowestMs < 250,
    },
  ];
}
