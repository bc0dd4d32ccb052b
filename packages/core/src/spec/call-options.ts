import type { ProgressEvent } from './progress-event.js';

/** Per-call options, separate from the request so that caches and retries never see them. */
export interface CallOptions {
  /** Aborts the call: no further network or model work starts, and the promise rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Receives progress events in order; ends with `done`. Must not throw. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Retries for this call, overriding the `retry()` middleware's `maxRetries` (0 = no retry). An
   * integer 0–100; without a `retry()` middleware it has no effect.
   */
  maxRetries?: number;
  /** Extra HTTP headers for providers that make HTTP calls. Never logged. */
  headers?: Record<string, string>;
}
