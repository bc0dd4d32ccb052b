import { type GenerateRequest, throwIfAborted } from '@pictor/core';
import { type DecodeOutcome, decodeImage } from './image/decode-image.js';
import type { Check, Judge, Verdict } from './types.js';

/** What the checks concluded about one image; stored on `image.annotations['hallucination-check']`. */
export interface CheckReport {
  /** True when no check failed (and, with `uncertain: 'fail'`, none was left uncertain). */
  passed: boolean;
  /** Fraction of judged checks that passed (TIFA-style accuracy), 0..1. */
  score: number;
  /** The final verdict of each judged check, in check order. */
  verdicts: Verdict[];
  /** Checks no configured judge could settle. */
  unchecked: Check[];
  /** Milliseconds spent per judge (plus `decode`). */
  timings: Record<string, number>;
}

/** Arguments of `judgeImage`. */
export interface JudgeImageArgs {
  bytes: Uint8Array;
  mediaType: string;
  request: GenerateRequest;
  /** The provider and model that made the image, passed on to the judges. */
  source?: { provider: string; modelId: string };
  checks: readonly Check[];
  judges: readonly Judge[];
  /** The bytes already decoded (`decodeImage(bytes)`), to judge one image against several prompts without decoding it again. */
  decoded?: DecodeOutcome;
  /** How `uncertain` final verdicts count: `pass` (default) or `fail`. */
  uncertain?: 'pass' | 'fail';
  signal?: AbortSignal;
  /** Called before each judge runs (for progress events). */
  onJudge?: (judge: string) => void;
}

function failedParent(check: Check, final: Map<string, Verdict>): Verdict | undefined {
  for (const id of check.dependsOn ?? []) {
    const parent = final.get(id);
    if (parent?.verdict === 'fail') return parent;
  }
  return undefined;
}

/**
 * Runs the judges in tiers, cheapest first, on one image decoded once. A tier only sees checks that are
 * still open or uncertain; a check whose parent failed fails without being asked (DSG rule).
 */
export async function judgeImage(args: JudgeImageArgs): Promise<CheckReport> {
  const timings: Record<string, number> = {};
  const checks = [...args.checks, ...args.judges.flatMap((judge) => judge.checks ?? [])];
  let start = performance.now();
  const decoded = args.decoded ?? (await decodeImage(args.bytes));
  timings.decode = performance.now() - start;
  const final = new Map<string, Verdict>();
  const shared = new Map<string, unknown>();
  const tiers = [...new Set(args.judges.map((judge) => judge.tier))].sort((a, b) => a - b);
  // Verdicts a check got only because a parent failed; dropped again if the parent is overturned.
  const inherited = new Set<string>();
  const inherit = () => {
    for (const id of inherited) {
      const check = checks.find((c) => c.id === id)!;
      if (!failedParent(check, final)) {
        final.delete(id);
        inherited.delete(id);
      }
    }
    for (const check of checks) {
      const parent = failedParent(check, final);
      if (parent && final.get(check.id)?.verdict !== 'fail') {
        inherited.add(check.id);
        final.set(check.id, {
          check,
          verdict: 'fail',
          score: 0,
          judge: parent.judge,
          evidence: {
            reason: `depends on a failed check (${parent.check.id}: ${parent.check.question})`,
            ...(parent.evidence.heuristic === true ? { parentHeuristic: true } : {}),
          },
        });
      }
    }
  };
  // A check stays open for a judge when it has no verdict, an uncertain one, or (for a judge that is not
  // a heuristic) one that only a heuristic gave: heuristics feed decisions, stronger judges settle them.
  const isOpenFor = (check: Check, judge: Judge) => {
    const previous = final.get(check.id);
    if (!previous || previous.verdict === 'uncertain') return true;
    if (judge.heuristic) return false;
    if (previous.evidence.heuristic === true) return true;
    return inherited.has(check.id) && previous.evidence.parentHeuristic === true;
  };
  for (const tier of tiers) {
    for (const judge of args.judges.filter((j) => j.tier === tier)) {
      inherit();
      const open = checks.filter((check) => isOpenFor(check, judge));
      if (open.length === 0) break;
      throwIfAborted(args.signal);
      args.onJudge?.(judge.name);
      start = performance.now();
      const verdicts = await judge.judge({
        bytes: args.bytes,
        mediaType: args.mediaType,
        image: decoded.image,
        ...(decoded.error !== undefined ? { decodeError: decoded.error } : {}),
        request: args.request,
        ...(args.source ? { source: args.source } : {}),
        checks: open,
        verdicts: [...final.values()],
        shared,
        ...(args.signal ? { signal: args.signal } : {}),
      });
      timings[judge.name] = (timings[judge.name] ?? 0) + performance.now() - start;
      for (const verdict of verdicts) {
        if (!open.some((check) => check.id === verdict.check.id)) continue;
        // A stronger judge's uncertain answer does not erase a heuristic's decisive one.
        const previous = final.get(verdict.check.id);
        if (previous && previous.verdict !== 'uncertain' && verdict.verdict === 'uncertain') continue;
        inherited.delete(verdict.check.id);
        final.set(
          verdict.check.id,
          judge.heuristic ? { ...verdict, evidence: { ...verdict.evidence, heuristic: true } } : verdict,
        );
      }
    }
  }
  throwIfAborted(args.signal);
  inherit();
  const verdicts = checks.map((check) => final.get(check.id)).filter((v): v is Verdict => v !== undefined);
  const unchecked = checks.filter((check) => !final.has(check.id));
  const failing = verdicts.filter(
    (v) => v.verdict === 'fail' || (args.uncertain === 'fail' && v.verdict === 'uncertain'),
  );
  const score =
    verdicts.length === 0 ? 1 : verdicts.filter((v) => v.verdict === 'pass').length / verdicts.length;
  return { passed: failing.length === 0, score, verdicts, unchecked, timings };
}
