import type { GeneratedImage } from '@pictor/core';

/** The hallucination check's outcome for one image, read from its annotation. */
export interface CheckOutcome {
  /** False when at least one check failed. */
  passed: boolean;
  /** Failed checks, one short line each. */
  failures: string[];
}

interface VerdictLike {
  verdict?: unknown;
  check?: unknown;
  judge?: unknown;
  score?: unknown;
}

function describeCheck(check: unknown): string {
  if (typeof check === 'string') return check;
  if (check && typeof check === 'object') {
    const { question, id } = check as Record<string, unknown>;
    for (const value of [question, id]) if (typeof value === 'string') return value;
  }
  return JSON.stringify(check);
}

/** Reads `image.annotations['hallucination-check']`; undefined when the check did not run. */
export function checkOutcome(image: GeneratedImage): CheckOutcome | undefined {
  const annotation = image.annotations['hallucination-check'] as
    | { passed?: unknown; verdicts?: unknown; verdict?: unknown }
    | undefined;
  if (!annotation || typeof annotation !== 'object') return undefined;
  const verdicts = Array.isArray(annotation.verdicts) ? (annotation.verdicts as VerdictLike[]) : [];
  const failures = verdicts
    .filter((v) => v?.verdict === 'fail')
    .map((v) => `${describeCheck(v.check)}${typeof v.judge === 'string' ? ` (${v.judge})` : ''}`);
  const passed =
    typeof annotation.passed === 'boolean'
      ? annotation.passed
      : annotation.verdict !== undefined
        ? annotation.verdict !== 'fail'
        : failures.length === 0;
  return { passed, failures };
}
