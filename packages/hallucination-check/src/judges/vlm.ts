import { InvalidRequestError, redactSecrets, throwIfAborted } from '@pictor/core';
import { checkNumber, checkOrder } from '../options-check.js';
import type { Check, Judge, JudgeInput, Verdict, VisionAsk } from '../types.js';
import { HAND_CROPS, type HandCrop } from './anatomy.js';

/** Options of the `vlm` judge. */
export interface VlmOptions {
  /** Asks a vision model a yes/no question about an image (e.g. made with `@pictor/workers-ai`). */
  ask: VisionAsk;
  /** P(yes) at or above which a check passes. Default 0.6. */
  passAt?: number;
  /** P(yes) at or below which a check fails. Default 0.4. */
  failAt?: number;
  /** Questions in flight at once. Default 4. */
  concurrency?: number;
  /** Tier. Default 2 (after the local judges). */
  tier?: number;
}

const SUFFIX = ' Please answer yes or no.';

/** The VQAScore-style question for a check. */
export function questionFor(check: Check, prompt: string): string {
  if (check.kind === 'prompt') return `Does this figure show "${prompt.trim()}"?${SUFFIX}`;
  return `${check.question}${SUFFIX}`;
}

/**
 * P(yes) from an answer, parsed strictly: the model's probability when it gives one, else 1 or 0 when the
 * answer starts with yes or no (punctuation and quotes allowed before it); anything else — hedges,
 * "yes and no", an empty answer — is unparseable: 0.5, and `parseAnswer` says why.
 */
export function yesProbability(answer: { answer: string; yesProbability?: number }): number {
  return parseAnswer(answer).p;
}

/** Strict parse of a vision model's answer: P(yes), or 0.5 with the reason it could not be read. */
export function parseAnswer(answer: { answer: string; yesProbability?: number }): {
  p: number;
  unparseable?: string;
} {
  if (answer.yesProbability !== undefined && Number.isFinite(answer.yesProbability))
    return { p: Math.min(1, Math.max(0, answer.yesProbability)) };
  const text = typeof answer.answer === 'string' ? answer.answer.trim().toLowerCase() : '';
  const match = text.match(/^[^a-z]*(yes|no)\b([^a-z]*)(.*)$/s);
  if (!match)
    return {
      p: 0.5,
      unparseable: `the answer does not start with yes or no: ${JSON.stringify(text.slice(0, 60))}`,
    };
  const [, word, , rest] = match;
  // "yes and no", "yes or no", "no, yes": a hedge, not an answer.
  if (/^(and|or|but)\b/.test(rest ?? '') && /\b(yes|no)\b/.test(rest ?? ''))
    return { p: 0.5, unparseable: `the answer hedges: ${JSON.stringify(text.slice(0, 60))}` };
  return { p: word === 'yes' ? 1 : 0 };
}

/** Checks in dependency order: parents before children (DSG), each level asked together. */
function levels(checks: readonly Check[]): Check[][] {
  const ids = new Set(checks.map((c) => c.id));
  const depth = new Map<string, number>();
  const depthOf = (check: Check, seen: Set<string> = new Set()): number => {
    const known = depth.get(check.id);
    if (known !== undefined) return known;
    if (seen.has(check.id)) return 0;
    seen.add(check.id);
    let d = 0;
    for (const parent of check.dependsOn ?? []) {
      const p = checks.find((c) => c.id === parent);
      if (p && ids.has(parent)) d = Math.max(d, depthOf(p, seen) + 1);
    }
    depth.set(check.id, d);
    return d;
  };
  const out: Check[][] = [];
  for (const check of checks) {
    const d = depthOf(check);
    out[d] = [...(out[d] ?? []), check];
  }
  return out.filter((level) => level !== undefined);
}

/**
 * Hosted VQA (VQAScore style): one yes/no question per open or uncertain check, P(yes) as the score,
 * asked in dependency order (DSG: a child of a failed parent fails without a call). Answers are parsed
 * strictly (yes/no first, else `uncertain` with the reason); each verdict records its calls and latency.
 * Hands are asked about on the anatomy judge's crops ("does this hand have exactly five fingers?"), one
 * question per hand. A failed call leaves its check `uncertain` with the (redacted) reason.
 *
 * @example
 * import { workersAIVision } from '@pictor/workers-ai';
 * hallucinationCheck({ judges: [objects(), vlm({ ask: myVisionAsk })], policy: { type: 'reroll' } });
 */
export function vlm(options: VlmOptions): Judge {
  if (typeof options.ask !== 'function')
    throw new InvalidRequestError('ask', 'must be a function (a vision model’s yes/no question)');
  checkNumber(options.passAt, 'passAt', 0, 1);
  checkNumber(options.failAt, 'failAt', 0, 1);
  checkNumber(options.concurrency, 'concurrency', 1, 64, true);
  checkOrder(options.failAt, options.passAt, 'failAt', 'must not be above passAt');
  const { ask, concurrency = 4 } = options;
  const passAt = options.passAt ?? Math.max(0.6, options.failAt ?? 0.6);
  const failAt = options.failAt ?? Math.min(0.4, passAt);
  const decide = (p: number): Verdict['verdict'] =>
    p >= passAt ? 'pass' : p <= failAt ? 'fail' : 'uncertain';
  return {
    name: 'vlm',
    tier: options.tier ?? 2,
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const checks = input.checks.filter((c) => c.kind !== 'image' && c.kind !== 'originality');
      const crops = (input.shared.get(HAND_CROPS) as HandCrop[] | undefined) ?? [];
      const one = async (check: Check): Promise<Verdict> => {
        throwIfAborted(input.signal);
        const signal = input.signal ? { signal: input.signal } : {};
        try {
          if (check.anatomy === 'hands' && crops.length > 0) {
            const question = `Does this hand have exactly five fingers, none fused or extra?${SUFFIX}`;
            const answers = [];
            const started = performance.now();
            for (const crop of crops)
              answers.push({ box: crop.box, ...(await ask({ image: crop.png, question, ...signal })) });
            const latencyMs = Math.round(performance.now() - started);
            const p = Math.min(...answers.map(yesProbability));
            const unreadable = answers.map((a) => parseAnswer(a).unparseable).find((r) => r !== undefined);
            return {
              check,
              verdict: unreadable && p > failAt ? 'uncertain' : decide(p),
              score: p,
              judge: 'vlm',
              evidence: {
                question,
                ...(unreadable ? { reason: unreadable } : {}),
                calls: answers.length,
                latencyMs,
                answers: answers.map((a) => ({
                  box: a.box,
                  answer: a.answer,
                  yesProbability: yesProbability(a),
                })),
              },
            };
          }
          const question = questionFor(check, input.request.prompt);
          const started = performance.now();
          const answer = await ask({ image: input.bytes, question, ...signal });
          const latencyMs = Math.round(performance.now() - started);
          const { p, unparseable } = parseAnswer(answer);
          return {
            check,
            verdict: unparseable ? 'uncertain' : decide(p),
            score: p,
            judge: 'vlm',
            evidence: {
              question,
              answer: answer.answer,
              yesProbability: p,
              ...(unparseable ? { reason: unparseable } : {}),
              calls: 1,
              latencyMs,
            },
          };
        } catch (error) {
          if (input.signal?.aborted) throw error;
          return {
            check,
            verdict: 'uncertain',
            score: 0.5,
            judge: 'vlm',
            evidence: { error: redactSecrets((error as Error).message ?? String(error)) },
          };
        }
      };
      // DSG: parents first; a child of a failed parent fails without a call (no cost, the same answer).
      const decided = new Map<string, Verdict>(input.verdicts.map((v) => [v.check.id, v]));
      const out: Verdict[] = [];
      for (const level of levels(checks)) {
        const asked: Check[] = [];
        for (const check of level) {
          const parent = (check.dependsOn ?? [])
            .map((id) => decided.get(id))
            .find((v) => v?.verdict === 'fail');
          if (parent) {
            const verdict: Verdict = {
              check,
              verdict: 'fail',
              score: 0,
              judge: 'vlm',
              evidence: {
                reason: `depends on a failed check (${parent.check.id}: ${parent.check.question})`,
                calls: 0,
              },
            };
            decided.set(check.id, verdict);
            out.push(verdict);
          } else asked.push(check);
        }
        const verdicts: Verdict[] = new Array(asked.length);
        let next = 0;
        await Promise.all(
          Array.from({ length: Math.min(concurrency, asked.length) }, async () => {
            while (next < asked.length) {
              const index = next++;
              verdicts[index] = await one(asked[index]!);
            }
          }),
        );
        for (const verdict of verdicts) {
          decided.set(verdict.check.id, verdict);
          out.push(verdict);
        }
      }
      return checks.map((check) => out.find((v) => v.check === check)!).filter(Boolean);
    },
  };
}
