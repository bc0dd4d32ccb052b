import { AbortError, InvalidResponseError, PictorError, ProviderError } from '@pictor/core';
import { createParser } from 'eventsource-parser';

/** One event of a Workers AI text stream. */
export type TextStreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; usage: TextUsage }
  | { type: 'done' };

/** Token usage as reported by the model's last event. */
export interface TextUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Billed neurons, when the model reports them. */
  neurons?: number;
}

function toUsage(raw: Record<string, unknown>): TextUsage {
  const number = (key: string) => (typeof raw[key] === 'number' ? (raw[key] as number) : 0);
  return {
    promptTokens: number('prompt_tokens'),
    completionTokens: number('completion_tokens'),
    totalTokens: number('total_tokens'),
    ...(typeof raw.neurons === 'number' ? { neurons: raw.neurons } : {}),
  };
}

/** Events of one SSE `data:` payload: native `{ response, usage }` or OpenAI `choices[0].delta`. The `p` padding is ignored. */
function eventsOf(data: string, model: string): TextStreamEvent[] {
  if (data === '[DONE]') return [{ type: 'done' }];
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(data) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidResponseError(`${model}: stream event is not JSON: ${data.slice(0, 80)}`, {
      provider: 'workers-ai',
      cause: error,
    });
  }
  const out: TextStreamEvent[] = [];
  const response = json.response;
  if (typeof response === 'string' && response !== '') out.push({ type: 'delta', text: response });
  else if (typeof response === 'number') out.push({ type: 'delta', text: String(response) });
  const choice = (json.choices as { delta?: { content?: unknown } }[] | undefined)?.[0];
  if (typeof choice?.delta?.content === 'string' && choice.delta.content !== '')
    out.push({ type: 'delta', text: choice.delta.content });
  if (json.usage && typeof json.usage === 'object')
    out.push({ type: 'usage', usage: toUsage(json.usage as Record<string, unknown>) });
  return out;
}

/** The whole stream's cap when none is given: the REST runner's `maxResponseBytes` default. */
const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;

/**
 * The largest event (its `data`, or what has come since the last event while one is being
 * received): a text model's events are a token or two, under a kilobyte.
 */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/** Text is handed to the SSE parser in pieces of at most this many characters, so the event cap is checked at least this often. */
const FEED_PIECE = 64 * 1024;

function overCap(model: string, what: string): InvalidResponseError {
  return new InvalidResponseError(`${model}: ${what}`, { provider: 'workers-ai', isRetryable: false });
}

/**
 * `stream` cut off at `maxBytes`: once more bytes than that have come, the reader gets an
 * `InvalidResponseError` naming `maxResponseBytes` and the source is cancelled (the connection is
 * closed, nothing more is read). The REST runner wraps every event stream in it.
 */
export function capEventStream(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  model: string,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (chunk.done) {
        controller.close();
        return;
      }
      total += chunk.value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        controller.error(
          overCap(model, `the event stream is over the ${maxBytes}-byte limit (maxResponseBytes)`),
        );
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Parses a Workers AI SSE byte stream into text events, ending with `done`. A stream that ends without
 * `[DONE]` is a retryable `ProviderError` (the connection was cut); aborting cancels the stream.
 *
 * Bounded: more than `limits.maxBytes` in all (default 64 MiB, the `maxResponseBytes` default), or
 * one event larger than `limits.maxEventBytes` (default 1 MiB; counted while it arrives, so a
 * megabyte without a line break is refused long before memory grows) is an `InvalidResponseError`,
 * and the stream is cancelled.
 */
export async function* parseTextStream(
  stream: ReadableStream<Uint8Array>,
  model: string,
  signal?: AbortSignal,
  limits: { maxBytes?: number; maxEventBytes?: number } = {},
): AsyncGenerator<TextStreamEvent> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_STREAM_BYTES;
  const maxEventBytes = Math.min(limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES, maxBytes);
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const pending: TextStreamEvent[] = [];
  let failure: unknown;
  let total = 0;
  /** Characters fed since the last event was dispatched (what the parser may be holding). */
  let sinceEvent = 0;
  let dispatched = false;
  const eventTooLarge = () =>
    overCap(model, `an event of the stream is over the limit of ${maxEventBytes} characters`);
  const parser = createParser({
    onEvent: (event) => {
      dispatched = true;
      if (event.data.length > maxEventBytes) {
        failure ??= eventTooLarge();
        return;
      }
      try {
        pending.push(...eventsOf(event.data, model));
      } catch (error) {
        failure ??= error;
      }
    },
  });
  const feed = (text: string) => {
    for (let at = 0; at < text.length && !failure; at += FEED_PIECE) {
      const piece = at === 0 && text.length <= FEED_PIECE ? text : text.slice(at, at + FEED_PIECE);
      dispatched = false;
      parser.feed(piece);
      // After a dispatch the parser holds at most the rest of this piece.
      sinceEvent = dispatched ? 0 : sinceEvent + piece.length;
      if (sinceEvent > maxEventBytes) failure ??= eventTooLarge();
    }
  };
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw new AbortError(undefined, { provider: 'workers-ai' });
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw new AbortError(undefined, { provider: 'workers-ai', cause: error });
        if (PictorError.isInstance(error)) throw error;
        throw new ProviderError(`${model}: the event stream broke off`, {
          provider: 'workers-ai',
          cause: error,
          isRetryable: true,
        });
      }
      if (!chunk.done) {
        total += chunk.value.byteLength;
        if (total > maxBytes)
          throw overCap(model, `the event stream is over the ${maxBytes}-byte limit (maxResponseBytes)`);
      }
      if (chunk.done) feed(`${decoder.decode()}\n\n`);
      else feed(decoder.decode(chunk.value, { stream: true }));
      if (failure) throw failure;
      while (pending.length) {
        const event = pending.shift()!;
        yield event;
        if (event.type === 'done') return;
      }
      if (chunk.done) {
        if (signal?.aborted) throw new AbortError(undefined, { provider: 'workers-ai' });
        throw new ProviderError(`${model}: the event stream ended without [DONE]`, {
          provider: 'workers-ai',
          isRetryable: true,
        });
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.cancel().catch(() => {});
  }
}
