// Shared by the evaluation scripts: labelled samples, threshold calibration on one half, report on the other.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng } from '@pictor/core';

/** One labelled sample: `positive` is the thing the judge should detect; `score` is the judge's raw statistic. */
export interface Sample {
  id: string;
  positive: boolean;
  score: number;
  /** The judge's verdict with its default thresholds, when there is one. */
  flagged?: boolean;
  group?: string;
}

/** Precision, recall and counts of a detector. */
export interface Metrics {
  n: number;
  /** How many samples were flagged (precision is undefined when none is). */
  flagged: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Metrics of `flag(sample)` against labels. */
export function metrics(samples: readonly Sample[], flag: (s: Sample) => boolean): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const s of samples) {
    const f = flag(s);
    if (f && s.positive) tp++;
    else if (f) fp++;
    else if (s.positive) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return {
    n: samples.length,
    flagged: tp + fp,
    positives: tp + fn,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    accuracy: (tp + tn) / Math.max(1, samples.length),
  };
}

/** Deterministic split: even-indexed after a seeded shuffle → calibration, the rest → report. */
export function split<T>(items: readonly T[], seed = 1): { calibrate: T[]; report: T[] } {
  const next = createPrng(seed);
  const shuffled = items
    .map((item) => ({ item, key: next() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
  return {
    calibrate: shuffled.filter((_, i) => i % 2 === 0),
    report: shuffled.filter((_, i) => i % 2 === 1),
  };
}

/**
 * Picks the threshold (flag when score ≤ t, or ≥ t with `direction: 'above'`) on the calibration half:
 * the best recall among thresholds with precision ≥ `minPrecision`, else the best F1.
 */
export function calibrate(
  samples: readonly Sample[],
  direction: 'below' | 'above',
  minPrecision = 0.95,
): number {
  const candidates = [...new Set(samples.map((s) => s.score))].sort((a, b) => a - b);
  const flag = (t: number) => (s: Sample) => (direction === 'below' ? s.score <= t : s.score >= t);
  let best: { t: number; recall: number } | undefined;
  let bestF1 = { t: candidates[0] ?? 0, f1: -1 };
  for (const t of candidates) {
    const m = metrics(samples, flag(t));
    if (m.precision >= minPrecision && (!best || m.recall > best.recall)) best = { t, recall: m.recall };
    if (m.f1 > bestF1.f1) bestF1 = { t, f1: m.f1 };
  }
  return best?.t ?? bestF1.t;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** One printed and saved line of results. */
export interface ResultRow {
  judge: string;
  task: string;
  split: string;
  threshold?: string;
  metrics: Metrics;
}

/** Prints rows as a Markdown table (what docs/hallucination-check.md shows). */
export function printTable(rows: readonly ResultRow[]): void {
  console.log('| judge | task | split | threshold | n (positives) | precision | recall | F1 |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.judge} | ${r.task} | ${r.split} | ${r.threshold ?? '—'} | ${r.metrics.n} (${r.metrics.positives}) | ${r.metrics.flagged === 0 ? '— (none flagged)' : pct(r.metrics.precision)} | ${pct(r.metrics.recall)} | ${pct(r.metrics.f1)} |`,
    );
  }
}

/** Saves rows to `eval/results/<name>.json`. */
export function saveResults(
  name: string,
  rows: readonly ResultRow[],
  extra: Record<string, unknown> = {},
): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ name, date: new Date().toISOString(), node: process.version, ...extra, rows }, null, 2)}\n`,
  );
}

/** A seeded integer in [0, n). */
export function randomInt(next: () => number, n: number): number {
  return next() % n;
}
