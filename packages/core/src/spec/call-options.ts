import type { ProgressEvent } from './progress-event.js';

/** Per-call options, separate from the request so that caches and retries never see them. */
export interface CallOptions {
  /** Aborts the call: no further network or model work starts, and the promise rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Receives progress events in order; ends with `done`. Must not throw. */
  onProgress?: (event: ProgressEvent) => void;
  /** Extra HTTP headers for providers that make HTTP calls. Never logged. */
  headers?: Record<string, string>;
}
