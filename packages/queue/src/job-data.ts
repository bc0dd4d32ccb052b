import type { EditRequest, GenerateRequest, ProgressEvent } from '@pictor/core';

/** What a queued job carries: the call, JSON-safe (byte arrays as base64), and the caller's trace context. */
export interface JobData {
  operation: 'generate' | 'edit';
  provider: string;
  modelId: string;
  request: unknown;
  /** W3C trace context (`traceparent`, `tracestate`) when the caller had an active span. */
  trace?: Record<string, string>;
}

/** What a finished job returns: where its result is stored. */
export interface JobResult {
  resultKey: string;
}

const BYTES = '$pictorBytes';

/** A JSON-safe copy: every `Uint8Array` becomes `{ $pictorBytes: base64 }`. */
export function toJobValue(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { [BYTES]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof ArrayBuffer) return toJobValue(new Uint8Array(value));
  if (Array.isArray(value)) return value.map(toJobValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJobValue(item);
    return out;
  }
  return value;
}

/** The inverse of `toJobValue`. */
export function fromJobValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJobValue);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record[BYTES] === 'string' && Object.keys(record).length === 1)
      return new Uint8Array(Buffer.from(record[BYTES] as string, 'base64'));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = fromJobValue(item);
    return out;
  }
  return value;
}

export function toJobRequest(request: GenerateRequest | EditRequest): unknown {
  return toJobValue(request);
}

/** A progress event as it travels through BullMQ (a step preview's bytes as base64). */
export function toJobProgress(event: ProgressEvent): Record<string, unknown> {
  return toJobValue(event) as Record<string, unknown>;
}

export function fromJobProgress(data: unknown): ProgressEvent | undefined {
  if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string')
    return undefined;
  return fromJobValue(data) as ProgressEvent;
}
