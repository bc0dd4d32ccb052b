import {
  AbortError,
  type GeneratedImage,
  type GenerateRequest,
  HallucinationCheckError,
  type ImageResult,
  InvalidRequestError,
  InvalidResponseError,
  type Middleware,
  type MiddlewareContext,
  randomSeed,
  type Warning,
} from '@pictor/core';
import { CheckListBuilder, type CheckSource } from './checks/check-list.js';
import { degenerate } from './judges/degenerate.js';
import { checkNumber } from './options-check.js';
import { nextSeed, type Policy, refinePrompt } from './policy/policy.js';
import { type CheckReport, judgeImage } from './run-judges.js';
import type { Check, Judge, TextStream, Verdict } from './types.js';

/** The middleware's name, and the key of its annotations. */
export const HALLUCINATION_CHECK = 'hallucination-check';

/** Options of `hallucinationCheck`. */
export interface HallucinationCheckOptions {
  /** The judges, run in tiers (cheapest first). `degenerate` is always added when missing. */
  judges?: Judge[];
  /** What to do with failing images. Default `{ type: 'annotate' }`. */
  policy?: Policy;
  /** How `uncertain` final verdicts count: `pass` (default) or `fail`. */
  uncertain?: 'pass' | 'fail';
  /** A streaming text model that decomposes prompts the deterministic parser cannot fully read. */
  decompose?: TextStream;
  /** When to use `decompose`: `complex` prompts only (default) or `always`. */
  decomposeWhen?: 'complex' | 'always';
}

/** What `image.annotations['hallucination-check']` holds. */
export interface HallucinationAnnotation extends CheckReport {
  /** Where the checks came from. */
  checksFrom: CheckSource;
  /** How many generations this image took (1 = first try). */
  attempts: number;
  /** The prompt that made the kept image (differs from the request's after `refine`). */
  prompt: string;
}

/**
 * Checks every image against its prompt with tiered judges and applies a policy: annotate, reroll,
 * refine or reject. Progress events `{ type: 'checking', middleware: 'hallucination-check', detail: judge }`.
 *
 * @example
 * import { createImageClient } from '@pictor/core';
 * import { hallucinationCheck, degenerate, objects } from '@pictor/hallucination-check';
 * const client = createImageClient({
 *   provider,
 *   middleware: [hallucinationCheck({ judges: [degenerate(), objects()], policy: { type: 'reroll', maxAttempts: 3 } })],
 * });
 * const { images } = await client.generate({ prompt: 'two red apples on a table' });
 * console.log(images[0]?.annotations['hallucination-check']);
 */
export function hallucinationCheck(options: HallucinationCheckOptions = {}): Middleware {
  const policyField = 'policy';
  const policyType = options.policy?.type;
  if (policyType !== undefined && !['annotate', 'reject', 'reroll', 'refine'].includes(policyType)) {
    throw new InvalidRequestError(`${policyField}.type`, 'must be annotate, reject, reroll or refine');
  }
  if (options.policy?.type === 'reroll' || options.policy?.type === 'refine') {
    checkNumber(options.policy.maxAttempts, `${policyField}.maxAttempts`, 1, 100, true);
    checkNumber(options.policy.budgetMs, `${policyField}.budgetMs`, 1, 86_400_000);
  }
  if (options.uncertain !== undefined && options.uncertain !== 'pass' && options.uncertain !== 'fail') {
    throw new InvalidRequestError('uncertain', 'must be pass or fail');
  }
  (options.judges ?? []).forEach((judge, i) => {
    if (
      typeof judge?.judge !== 'function' ||
      typeof judge.name !== 'string' ||
      typeof judge.tier !== 'number'
    ) {
      throw new InvalidRequestError(`judges[${i}]`, 'must be a judge ({ name, tier, judge(input) })');
    }
  });
  const judges = [...(options.judges ?? [])];
  if (!judges.some((judge) => judge.name === 'degenerate')) judges.unshift(degenerate());
  const policy: Policy = options.policy ?? { type: 'annotate' };
  const builder = new CheckListBuilder({
    ...(options.decompose ? { decompose: options.decompose } : {}),
    ...(options.decomposeWhen ? { decomposeWhen: options.decomposeWhen } : {}),
  });

  async function check(
    image: GeneratedImage,
    request: GenerateRequest,
    checks: readonly Check[],
    context: MiddlewareContext,
    signal: AbortSignal | undefined,
  ) {
    return judgeImage({
      bytes: image.bytes,
      mediaType: image.mediaType,
      request,
      source: { provider: context.provider, modelId: context.modelId },
      checks,
      judges,
      ...(options.uncertain ? { uncertain: options.uncertain } : {}),
      ...(signal ? { signal } : {}),
      onJudge: (judge) => context.emit({ type: 'checking', middleware: HALLUCINATION_CHECK, detail: judge }),
    });
  }

  async function run<R extends GenerateRequest>(
    next: (request: R, options?: { signal?: AbortSignal }) => Promise<ImageResult>,
    request: R,
    context: MiddlewareContext,
  ): Promise<ImageResult> {
    const started = performance.now();
    const { checks, source } = await builder.checksFor(request.prompt, context.signal);
    // Output the client could not read (truncated, not an image) is a failing `image` check, not a
    // crash: reroll and refine try new seeds within their attempts; otherwise it is rejected with the verdict.
    const rerolls = policy.type === 'reroll' || policy.type === 'refine' ? (policy.maxAttempts ?? 3) : 0;
    let result: ImageResult | undefined;
    let unreadable = 0;
    const firstSeed = request.seed ?? randomSeed();
    while (!result) {
      try {
        result = await next(
          unreadable === 0 || !context.capabilities.seed
            ? request
            : { ...request, seed: nextSeed(firstSeed, unreadable) },
        );
      } catch (error) {
        if (!InvalidResponseError.isInstance(error) || context.signal?.aborted) throw error;
        unreadable++;
        if (unreadable > rerolls || performance.now() - started > (budgetOf(policy) ?? 60_000))
          throw unreadableRejection(checks, error, unreadable);
      }
    }
    const reports: CheckReport[] = [];
    for (const image of result.images)
      reports.push(await check(image, request, checks, context, context.signal));
    const annotate = (
      image: GeneratedImage,
      report: CheckReport,
      attempts: number,
      prompt: string,
    ): GeneratedImage => {
      const annotation: HallucinationAnnotation = { ...report, checksFrom: source, attempts, prompt };
      return { ...image, annotations: { ...image.annotations, [HALLUCINATION_CHECK]: annotation } };
    };
    const images = result.images.map((image, i) =>
      annotate(image, reports[i]!, 1 + unreadable, request.prompt),
    );
    const warnings: Warning[] = [...result.warnings];

    if ((policy.type === 'reroll' || policy.type === 'refine') && reports.some((r) => !r.passed)) {
      const maxAttempts = policy.maxAttempts ?? 3;
      const budgetMs = policy.budgetMs ?? 60_000;
      const budget = new AbortController();
      const timer = setTimeout(
        () => budget.abort(new Error('hallucination-check retry budget spent')),
        Math.max(0, budgetMs - (performance.now() - started)),
      );
      const signal = context.signal ? AbortSignal.any([context.signal, budget.signal]) : budget.signal;
      try {
        for (let i = 0; i < images.length; i++) {
          let report = reports[i]!;
          const base = images[i]!.seed ?? request.seed ?? randomSeed();
          for (let attempt = 1; attempt <= maxAttempts && !report.passed; attempt++) {
            if (signal.aborted) break;
            const failed = report.verdicts.filter(
              (v) => v.verdict === 'fail' || (options.uncertain === 'fail' && v.verdict === 'uncertain'),
            );
            const prompt =
              policy.type === 'refine'
                ? await (policy.rewrite ?? refinePrompt)(request.prompt, failed)
                : request.prompt;
            const retry = {
              ...request,
              prompt,
              n: 1,
              ...(context.capabilities.seed ? { seed: nextSeed(base + i, attempt) } : {}),
            };
            let again: ImageResult;
            try {
              again = await next(retry, { signal });
            } catch (error) {
              // An unreadable output is one more failed attempt.
              if (InvalidResponseError.isInstance(error) && !signal.aborted) continue;
              if (context.signal?.aborted || !budget.signal.aborted) throw error;
              break;
            }
            const image = again.images[0];
            if (!image) break;
            let candidate: CheckReport;
            try {
              candidate = await check(image, request, checks, context, signal);
            } catch (error) {
              if (context.signal?.aborted || !budget.signal.aborted) throw error;
              break;
            }
            if (candidate.passed || candidate.score > report.score) {
              images[i] = annotate(image, candidate, attempt + 1, prompt);
              report = candidate;
            } else {
              images[i] = annotate(
                images[i]!,
                report,
                attempt + 1,
                (images[i]!.annotations[HALLUCINATION_CHECK] as HallucinationAnnotation).prompt,
              );
            }
          }
          reports[i] = report;
        }
      } finally {
        clearTimeout(timer);
      }
      if (context.signal?.aborted) throw new AbortError();
      if (reports.some((r) => !r.passed)) {
        if (budget.signal.aborted)
          warnings.push({
            type: 'other',
            source: HALLUCINATION_CHECK,
            message: `the retry budget of ${budgetMs} ms ran out`,
          });
        if (policy.onExhausted === 'reject') throw rejection(reports, `after ${policy.type}`);
        warnings.push({
          type: 'other',
          source: HALLUCINATION_CHECK,
          message: 'some images still fail their checks; see their annotations',
        });
      }
    }
    if (policy.type === 'reject' && reports.some((r) => !r.passed)) throw rejection(reports, '');
    return {
      ...result,
      images,
      warnings,
      timings: { ...result.timings, hallucinationCheckMs: performance.now() - started },
    };
  }

  return {
    name: HALLUCINATION_CHECK,
    wrapGenerate: (next, request, context) => run(next, request, context),
    wrapEdit: (next, request, context) => run(next, request, context),
  };
}

function budgetOf(policy: Policy): number | undefined {
  return policy.type === 'reroll' || policy.type === 'refine' ? policy.budgetMs : undefined;
}

/** The provider's output could not be read: the `image` check fails with the client's reason. */
function unreadableRejection(
  checks: readonly Check[],
  error: InvalidResponseError,
  attempts: number,
): HallucinationCheckError {
  const check = checks.find((c) => c.id === 'image') ?? {
    id: 'image',
    kind: 'image',
    question: 'Is the image a real picture (not blank, uniform, black or noise)?',
  };
  const verdict: Verdict = {
    check,
    verdict: 'fail',
    score: 0,
    judge: 'degenerate',
    evidence: { reason: `the provider's output is not a readable image: ${error.message}`, attempts },
  };
  return new HallucinationCheckError(
    `the image does not match its prompt: failed image (${check.question}) — ${error.message}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
    [verdict],
    { cause: error, ...(error.provider ? { provider: error.provider } : {}) },
  );
}

function rejection(reports: readonly CheckReport[], when: string): HallucinationCheckError {
  const failed: Verdict[] = reports.filter((r) => !r.passed).flatMap((r) => r.verdicts);
  const names = [
    ...new Set(
      reports.flatMap((r) =>
        r.verdicts.filter((v) => v.verdict === 'fail').map((v) => `${v.check.id} (${v.check.question})`),
      ),
    ),
  ];
  return new HallucinationCheckError(
    `the image does not match its prompt${when ? ` ${when}` : ''}: failed ${names.join(', ')}`,
    failed,
  );
}
