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

/** P(yes) from an answer: the model's probability when it gives one, else the answer's first word. */
export function yesProbability(answer: { answer: string; yesProbability?: number }): number {
  if (answer.yesProbability !== undefined && Number.isFinite(answer.yesProbability))
    return Math.min(1, Math.max(0, answer.yesProbability));
  const first = answer.answer
    .trim()
    .toLowerCase()
    .match(/^[^a-z]*([a-z]+)/)?.[1];
  return first === 'yes' ? 1 : first === 'no' ? 0 : 0.5;
}

/**
 * Hosted VQA (VQAScore style): one yes/no question per open or uncertain check, P(yes) as the score.
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
            for (const crop of crops)
              answers.push({ box: crop.box, ...(await ask({ image: crop.png, question, ...signal })) });
            const p = Math.min(...answers.map(yesProbability));
            return {
              check,
              verdict: decide(p),
              score: p,
              judge: 'vlm',
              evidence: {
                question,
                answers: answers.map((a) => ({
                  box: a.box,
                  answer: a.answer,
                  yesProbability: yesProbability(a),
                })),
              },
            };
          }
          const question = questionFor(check, input.request.prompt);
          const answer = await ask({ image: input.bytes, question, ...signal });
          const p = yesProbability(answer);
          return {
            check,
            verdict: decide(p),
            score: p,
            judge: 'vlm',
            evidence: { question, answer: answer.answer, yesProbability: p },
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
      const verdicts: Verdict[] = new Array(checks.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, checks.length) }, async () => {
          while (next < checks.length) {
            const index = next++;
            verdicts[index] = await one(checks[index]!);
          }
        }),
      );
      return verdicts;
    },
  };
}
