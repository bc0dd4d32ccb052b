import type { ProgressEvent } from '@pictor/core';
import type { OutputStream } from '../io.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 24;

/** Shows progress on stderr: a bar or spinner on a terminal, plain lines otherwise, nothing when quiet. */
export interface ProgressView {
  /** A phase with no progress events of its own (for example loading the model). */
  phase(label: string): void;
  /** A progress event from the client. */
  event(event: ProgressEvent): void;
  /** Clears the bar or spinner line (before printing results or an error). */
  stop(): void;
}

/** Creates the view for `stream`: `mode` `tty` (redrawn line), `lines` (plain log lines) or `none`. */
export function createProgressView(stream: OutputStream, mode: 'tty' | 'lines' | 'none'): ProgressView {
  if (mode === 'none') return { phase() {}, event() {}, stop() {} };
  return mode === 'tty' ? ttyView(stream) : linesView(stream);
}

function describe(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'queued':
      return `queued on ${event.provider}:${event.modelId}`;
    case 'request':
      return event.detail ? `requesting (${event.detail})` : 'requesting';
    case 'response':
      return event.bytes === undefined ? 'response received' : `response received (${event.bytes} bytes)`;
    case 'decoding':
      return 'decoding';
    case 'checking':
      return event.detail
        ? `checking: ${event.middleware} (${event.detail})`
        : `checking: ${event.middleware}`;
    case 'retry':
      return `retry ${event.attempt} in ${Math.round(event.delayMs)} ms: ${event.reason}`;
    default:
      return undefined;
  }
}

/** Step progress across split calls: each chunk (`index`) reports its own step/total. */
function stepTracker() {
  const chunks = new Map<number, { step: number; total: number }>();
  return {
    update(event: Extract<ProgressEvent, { type: 'step' }>) {
      chunks.set(event.index ?? 0, { step: event.step, total: event.total });
      let step = 0;
      let total = 0;
      for (const chunk of chunks.values()) {
        step += chunk.step;
        total += chunk.total;
      }
      return { step, total };
    },
  };
}

function linesView(stream: OutputStream): ProgressView {
  const steps = stepTracker();
  let lastQuarter = -1;
  let last = '';
  // Split calls report the same phase once per chunk; a log needs it once.
  const line = (text: string) => {
    if (text !== last) stream.write(`pictor: ${text}\n`);
    last = text;
  };
  return {
    phase: line,
    event(event) {
      if (event.type === 'step') {
        const { step, total } = steps.update(event);
        const quarter = Math.floor((step / total) * 4);
        if (quarter !== lastQuarter) {
          lastQuarter = quarter;
          line(`step ${step}/${total}`);
        }
        return;
      }
      if (event.type === 'done') return;
      const text = describe(event);
      if (text) line(text);
    },
    stop() {},
  };
}

function ttyView(stream: OutputStream): ProgressView {
  const start = Date.now();
  const steps = stepTracker();
  let label = '';
  let bar: { step: number; total: number } | undefined;
  let frame = 0;
  let drawn = false;
  const draw = () => {
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    let text: string;
    if (bar) {
      const filled = Math.round((bar.step / bar.total) * BAR_WIDTH);
      text = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${bar.step}/${bar.total} steps  ${seconds}s`;
    } else {
      text = `${SPINNER[frame++ % SPINNER.length]} ${label}  ${seconds}s`;
    }
    const columns = stream.columns || 80; // 0 in a terminal of unknown size
    stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, columns - 1))}`);
    drawn = true;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const redraw = () => {
    draw();
    if (!timer) {
      timer = setInterval(draw, 80);
      timer.unref?.();
    }
  };
  return {
    phase(text) {
      label = text;
      bar = undefined;
      redraw();
    },
    event(event) {
      if (event.type === 'step') {
        bar = steps.update(event);
      } else if (event.type !== 'done') {
        const text = describe(event);
        if (text) {
          label = text;
          if (event.type !== 'retry') bar = undefined;
        }
      }
      redraw();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
