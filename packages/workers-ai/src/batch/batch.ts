import {
  InvalidRequestError,
  InvalidResponseError,
  PictorError,
  TimeoutError,
  throwIfAborted,
} from '@pictor/core';
import { sleep } from '@pictor/core/internal';
import type { AiRunner, RunOptions } from '../run/runner.js';

/** A queued batch: keep `requestId` (it is all you need to collect the responses later, even from another process). */
export interface BatchHandle {
  requestId: string;
  model: string;
}

/** Where a batch is: still `queued` or `running`, or `done` with its responses. */
export type BatchStatus<T = unknown> =
  | { status: 'queued' | 'running'; requestId: string }
  | { status: 'done'; requestId: string; responses: BatchResponse<T>[]; usage?: Record<string, number> };

/** One request's outcome, in the order the requests were given (`id` is the request's index). */
export interface BatchResponse<T = unknown> {
  id: number;
  success: boolean;
  /** The model's output (the same shape a single run returns) when `success`. */
  result?: T;
  /** Why it failed, when not `success`. */
  error?: string;
  /** The `external_reference` sent with the request, or null. */
  externalReference: string | null;
}

/** A finished batch: every response in request order, and the usage Cloudflare reported. */
export interface BatchResult<T = unknown> {
  requestId: string;
  responses: BatchResponse<T>[];
  usage?: Record<string, number>;
}

/** Options of `wait` and `run`. */
export interface BatchWaitOptions {
  signal?: AbortSignal;
  /** First wait between polls (default 1000 ms); it grows 1.5× per poll up to `maxIntervalMs`. */
  intervalMs?: number;
  /** Longest wait between polls (default 30 000 ms). */
  maxIntervalMs?: number;
  /** Give up after this long (a `TimeoutError`; the batch stays queued and can be collected later). */
  timeoutMs?: number;
  /** Transient poll failures (rate limits, 5xx, network) tolerated in a row (default 5). */
  maxPollFailures?: number;
  /** Called after each poll that is not done. */
  onStatus?: (status: 'queued' | 'running', polls: number) => void;
}

/** The asynchronous batch API of one model (`createWorkersAI(…).batch(model)`). */
export interface WorkersAIBatch<T = unknown> {
  readonly model: string;
  /** Queues `requests` (each the inputs of one run, plus an optional `external_reference`). */
  submit(requests: Record<string, unknown>[], options?: { signal?: AbortSignal }): Promise<BatchHandle>;
  /** Asks once where the batch is. */
  poll(requestId: string, options?: { signal?: AbortSignal }): Promise<BatchStatus<T>>;
  /** Polls with a growing interval until the batch is done, and returns its responses in request order. */
  wait(requestId: string, options?: BatchWaitOptions): Promise<BatchResult<T>>;
  /** `submit`, then `wait`. */
  run(requests: Record<string, unknown>[], options?: BatchWaitOptions): Promise<BatchResult<T>>;
}

/** Cloudflare's limit on one batch submission's JSON. */
export const BATCH_MAX_BYTES = 10 * 1024 * 1024;

function invalid(model: string, what: string, value: unknown): never {
  const shown = JSON.stringify(value)?.slice(0, 200) ?? String(value);
  throw new InvalidResponseError(`${model}: ${what}: ${shown}`, { provider: 'workers-ai' });
}

function checkRequests(requests: unknown): Record<string, unknown>[] {
  if (!Array.isArray(requests) || requests.length === 0)
    throw new InvalidRequestError('requests', 'must be a non-empty array of model inputs');
  for (const [i, item] of requests.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new InvalidRequestError(`requests[${i}]`, 'must be an object of model inputs');
    const reference = (item as { external_reference?: unknown }).external_reference;
    if (reference !== undefined && reference !== null && typeof reference !== 'string')
      throw new InvalidRequestError(`requests[${i}].external_reference`, 'must be a string');
    if ('request_id' in item)
      throw new InvalidRequestError(`requests[${i}].request_id`, 'is reserved for polling a batch');
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ requests })).length;
  if (bytes > BATCH_MAX_BYTES)
    throw new InvalidRequestError('requests', `is ${bytes} bytes of JSON; one batch may be at most 10 MB`);
  return requests as Record<string, unknown>[];
}

function checkRequestId(requestId: unknown): string {
  if (typeof requestId !== 'string' || requestId.trim() === '')
    throw new InvalidRequestError('requestId', 'must be the non-empty request_id a submit returned');
  return requestId;
}

function parseResponse<T>(model: string, raw: unknown, index: number): BatchResponse<T> {
  if (typeof raw !== 'object' || raw === null)
    invalid(model, `batch response ${index} is not an object`, raw);
  const item = raw as { id?: unknown; success?: unknown; result?: unknown; external_reference?: unknown };
  const id = typeof item.id === 'number' ? item.id : index;
  const externalReference = typeof item.external_reference === 'string' ? item.external_reference : null;
  if (item.success === false) {
    const errors = (item.result as { errors?: { message?: unknown }[] } | undefined)?.errors;
    const message = errors?.[0]?.message;
    return {
      id,
      success: false,
      error: typeof message === 'string' ? message : JSON.stringify(item.result ?? null),
      externalReference,
    };
  }
  return { id, success: true, result: item.result as T, externalReference };
}

/**
 * The asynchronous batch API over either transport: REST sends `?queueRequest=true` (submit and
 * poll), the binding its `queueRequest` option (submit). Every input is checked before any call;
 * every answer is checked too — anything that is neither a queued status nor responses is an
 * `InvalidResponseError`.
 */
export function createBatch<T = unknown>(model: string, getRunner: () => AiRunner): WorkersAIBatch<T> {
  const runOptions = (signal: AbortSignal | undefined, queue: boolean): RunOptions => ({
    ...(signal ? { signal } : {}),
    ...(queue ? { queueRequest: true } : {}),
  });

  async function submit(requests: Record<string, unknown>[], options: { signal?: AbortSignal } = {}) {
    const checked = checkRequests(requests);
    throwIfAborted(options.signal);
    const answer = await getRunner().run(model, { requests: checked }, runOptions(options.signal, true));
    const requestId = (answer as { request_id?: unknown } | null)?.request_id;
    if (typeof requestId !== 'string' || requestId === '')
      invalid(model, 'a queued batch came back without a request_id', answer);
    return { requestId, model };
  }

  async function poll(requestId: string, options: { signal?: AbortSignal } = {}): Promise<BatchStatus<T>> {
    const id = checkRequestId(requestId);
    throwIfAborted(options.signal);
    const runner = getRunner();
    // REST polls on the same `?queueRequest=true` URL; the binding polls with a plain run.
    const answer = await runner.run(
      model,
      { request_id: id },
      runOptions(options.signal, runner.transport === 'rest'),
    );
    if (typeof answer !== 'object' || answer === null) invalid(model, 'a batch poll returned', answer);
    const value = answer as { status?: unknown; responses?: unknown; usage?: unknown };
    if (Array.isArray(value.responses)) {
      const responses = value.responses
        .map((item, i) => parseResponse<T>(model, item, i))
        .sort((a, b) => a.id - b.id);
      const usage =
        typeof value.usage === 'object' && value.usage !== null
          ? (value.usage as Record<string, number>)
          : undefined;
      return { status: 'done', requestId: id, responses, ...(usage ? { usage } : {}) };
    }
    if (value.status === 'queued' || value.status === 'running')
      return { status: value.status, requestId: id };
    return invalid(model, 'a batch poll returned neither a status nor responses', answer);
  }

  async function wait(requestId: string, options: BatchWaitOptions = {}): Promise<BatchResult<T>> {
    const id = checkRequestId(requestId);
    const { intervalMs = 1000, maxIntervalMs = 30_000, maxPollFailures = 5, timeoutMs } = options;
    const numbers = {
      intervalMs,
      maxIntervalMs,
      maxPollFailures,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
    for (const [field, value] of Object.entries(numbers))
      if (!Number.isFinite(value) || value < 0) throw new InvalidRequestError(field, 'must be a number ≥ 0');
    const start = performance.now();
    let delay = intervalMs;
    let failures = 0;
    for (let polls = 1; ; polls++) {
      let status: BatchStatus<T> | undefined;
      try {
        status = await poll(id, options.signal ? { signal: options.signal } : {});
        failures = 0;
      } catch (error) {
        const transient = PictorError.isInstance(error) && error.isRetryable && error.code !== 'aborted';
        if (!transient || ++failures > maxPollFailures) throw error;
      }
      if (status?.status === 'done') {
        const { status: _done, ...result } = status;
        return result;
      }
      if (status) options.onStatus?.(status.status, polls);
      const elapsed = performance.now() - start;
      if (timeoutMs !== undefined && elapsed + delay > timeoutMs)
        throw new TimeoutError(timeoutMs, {
          provider: 'workers-ai',
          cause: new Error(`batch ${id} of ${model} was not done; collect it later with wait("${id}")`),
        });
      await sleep(delay, options.signal);
      delay = Math.min(maxIntervalMs, delay * 1.5);
    }
  }

  return {
    model,
    submit,
    poll,
    wait,
    async run(requests, options = {}) {
      const { requestId } = await submit(requests, options.signal ? { signal: options.signal } : {});
      return wait(requestId, options);
    },
  };
}
