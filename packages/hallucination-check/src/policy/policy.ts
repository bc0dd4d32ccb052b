import type { Verdict } from '../types.js';

/** Keep the images and record the verdicts on `image.annotations['hallucination-check']` (the default). */
export interface AnnotatePolicy {
  type: 'annotate';
}

/** Throw `HallucinationCheckError` (with the verdicts) when any image fails. */
export interface RejectPolicy {
  type: 'reject';
}

/** Options shared by the retrying policies. */
export interface RetryPolicyOptions {
  /** Further attempts per failing image (after the first). Default 3. */
  maxAttempts?: number;
  /** Wall-clock budget in ms for the whole call, first generation included; no retry starts after it and a running one is cut off. Default 60 000. */
  budgetMs?: number;
  /** What to do when attempts or budget run out: keep the best image annotated (default) or reject. */
  onExhausted?: 'annotate' | 'reject';
}

/** Generate the failing image again with a new seed. */
export interface RerollPolicy extends RetryPolicyOptions {
  type: 'reroll';
}

/** Rewrite the prompt to stress what failed, then generate again (with a new seed). */
export interface RefinePolicy extends RetryPolicyOptions {
  type: 'refine';
  /** Rewrites the prompt from the failed verdicts. Default: `refinePrompt`. */
  rewrite?: (prompt: string, failed: readonly Verdict[]) => string | Promise<string>;
}

/** What the middleware does with a failing image. */
export type Policy = AnnotatePolicy | RejectPolicy | RerollPolicy | RefinePolicy;

/**
 * The default prompt rewrite of the `refine` policy: appends a short phrase per failed check
 * ("exactly two apples", "red apple", "anatomically correct hands with five fingers").
 */
export function refinePrompt(prompt: string, failed: readonly Verdict[]): string {
  const phrases = new Set<string>();
  for (const { check } of failed) {
    const entity = check.entity ?? '';
    if (check.kind === 'entity') phrases.add(`clearly showing ${entity}`);
    else if (check.kind === 'count' && check.count !== undefined)
      phrases.add(`exactly ${check.count} ${entity}`);
    else if (check.kind === 'attribute' && check.attribute) phrases.add(`${check.attribute} ${entity}`);
    else if (check.kind === 'relation' && check.relation)
      phrases.add(`${entity} ${check.relation.predicate} ${check.relation.object}`);
    else if (check.anatomy === 'hands') phrases.add('anatomically correct hands with five fingers');
    else if (check.anatomy === 'faces' && check.count !== undefined)
      phrases.add(`exactly ${check.count} ${check.count === 1 ? 'face' : 'faces'}`);
    else if (check.kind === 'image') phrases.add('detailed, clear picture');
  }
  return phrases.size === 0 ? prompt : `${prompt.trim()}, ${[...phrases].join(', ')}`;
}

/** The n-th alternative seed after `base` (spread so neighbouring attempts differ). */
export function nextSeed(base: number, attempt: number): number {
  return (base + Math.imul(attempt, 0x9e3779b1)) >>> 0;
}
