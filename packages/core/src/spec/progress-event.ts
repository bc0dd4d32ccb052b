/**
 * A progress event, in order: `queued` → `request` (network) → `step` (per denoising step, when the
 * backend has real steps) → `decoding` → `checking` (middleware at work) → `done`.
 */
export type ProgressEvent =
  | { type: 'queued'; provider: string; modelId: string }
  | { type: 'request'; provider: string; modelId: string; detail?: string }
  | { type: 'response'; provider: string; modelId: string; bytes?: number }
  | {
      type: 'step';
      /** 1-based step number. */
      step: number;
      /** Total steps. */
      total: number;
      /** Which image of a split `n` this step belongs to (0-based); absent for a single call. */
      index?: number;
    }
  | { type: 'decoding' }
  | {
      type: 'checking';
      /** The middleware at work (for example `hallucination-check`). */
      middleware: string;
      /** What it is doing (for example the judge that is running). */
      detail?: string;
    }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'done'; images: number; totalMs: number };
