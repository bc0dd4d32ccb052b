import type { OutputStream } from '../io.js';

/** Counts of a batch run. */
export interface BatchCounts {
  total: number;
  skipped: number;
  ok: number;
  failed: number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60
    ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The progress line: bar, counts, rate and ETA (rate over this run's finished items). */
export function progressLine(counts: BatchCounts, elapsedMs: number, width = 24): string {
  const finished = counts.skipped + counts.ok + counts.failed;
  const fraction = counts.total ? finished / counts.total : 1;
  const filled = Math.round(fraction * width);
  const ran = counts.ok + counts.failed;
  const rate = ran / Math.max(elapsedMs / 1000, 1e-3);
  const left = counts.total - finished;
  const eta = left === 0 ? '0s' : ran === 0 ? '?' : duration(left / rate);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${counts.total} · ok ${counts.ok} · failed ${counts.failed}${counts.skipped ? ` · skipped ${counts.skipped}` : ''} · ${rate.toFixed(2)}/s · ETA ${eta}`;
}

/** Draws the line in place on a terminal, or prints it every `every` items otherwise. */
export function createBatchProgress(
  stream: OutputStream,
  mode: 'tty' | 'lines' | 'none',
  started = Date.now(),
) {
  let drawn = false;
  let lastLines = 0;
  return {
    update(counts: BatchCounts) {
      if (mode === 'none') return;
      const line = progressLine(counts, Date.now() - started);
      if (mode === 'tty') {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const finished = counts.skipped + counts.ok + counts.failed;
      const every = Math.max(1, Math.ceil(counts.total / 20));
      if (finished - lastLines >= every || finished === counts.total) {
        lastLines = finished;
        stream.write(`${line}\n`);
      }
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
