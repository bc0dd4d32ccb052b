// Run only by broken-adapters.test.ts (through its own vitest config): the conformance suite over
// the honest toy adapter and over each deliberately broken one.
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../index.js';
import { type Flaw, toyAdapter } from './toy-adapter.js';

export const flaws: Flaw[] = [
  'none',
  'ignores-abort',
  'wrong-dimensions',
  'drops-field-silently',
  'throws-plain-error',
  'progress-after-done',
  'validates-nothing',
];

for (const flaw of flaws) {
  describeConformance(`toy ${flaw}`, () => ({
    provider: toyAdapter(flaw),
    request: { prompt: 'a red apple', n: 2 },
    slow: () => toyAdapter(flaw, { latencyMs: 600 }),
    failing: () => toyAdapter(flaw, { fail: true }),
  }));
}

// The workspace's test setup must fail a test that writes to the console.
describe('stray console', () => {
  it('writes to the console', () => {
    console.log('stray output');
    expect(true).toBe(true);
  });
});
