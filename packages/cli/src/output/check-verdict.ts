import type { GeneratedImage } from '@pictor/core';

/** The hallucination check's outcome for one image, read from its annotation. */
export interface CheckOutcome {
  /** False when at least one check failed. */
  passed: boolean;
  /** Failed checks, one short line each. */
  failures: string[];
  /** Every verdict, one line each: `pass e1 Is there an apple? (objects): best 3.1`. */
  lines: string[];
}

interface VerdictLike {
  verdict?: unknown;
  check?: unknown;
  judge?: unknown;
  score?: unknown;
  evidence?: unknown;
}

/** Why a judge decided: its stated reason, else its main figure. */
function reasonOf(evidence: unknown): string {
  if (!evidence || typeof evidence !== 'object') return '';
  const e = evidence as Record<string, unknown>;
  if (typeof e.reason === 'string') return e.reason;
  if (typeof e.answer === 'string') return `answered ${JSON.stringify(e.answer.slice(0, 60))}`;
  if (typeof e.z === 'number') return `z ${e.z}`;
  if (typeof e.counted === 'number') return `counted ${e.counted}`;
  if (typeof e.best === 'number') return `best ${e.best}`;
  if (e.colourShares && typeof e.colourShares === 'object')
    return `colours ${Object.entries(e.colourShares as Record<string, number>)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${Math.round(v * 100)} %`)
      .join(', ')}`;
  return '';
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
  const lines = verdicts.map((v) => {
    const id = v?.check && typeof v.check === 'object' ? (v.check as { id?: unknown }).id : undefined;
    const reason = reasonOf(v?.evidence);
    return `${String(v?.verdict)} ${typeof id === 'string' ? `${id} ` : ''}${describeCheck(v?.check)}${typeof v?.judge === 'string' ? ` (${v.judge})` : ''}${reason ? `: ${reason}` : ''}`;
  });
  const failures = verdicts
    .filter((v) => v?.verdict === 'fail')
    .map((v) => `${describeCheck(v.check)}${typeof v.judge === 'string' ? ` (${v.judge})` : ''}`);
  const passed =
    typeof annotation.passed === 'boolean'
      ? annotation.passed
      : annotation.verdict !== undefined
        ? annotation.verdict !== 'fail'
        : failures.length === 0;
  return { passed, failures, lines };
}
