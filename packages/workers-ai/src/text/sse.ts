import { AbortError, InvalidResponseError, ProviderError } from '@pictor/core';
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

/**
 * Parses a Workers AI SSE byte stream into text events, ending with `done`. A stream that ends without
 * `[DONE]` is a retryable `ProviderError` (the connection was cut); aborting cancels the stream.
 */
export async function* parseTextStream(
  stream: ReadableStream<Uint8Array>,
  model: string,
  signal?: AbortSignal,
): AsyncGenerator<TextStreamEvent> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const pending: TextStreamEvent[] = [];
  let failure: unknown;
  const parser = createParser({
    onEvent: (event) => {
      try {
        pending.push(...eventsOf(event.data, model));
      } catch (error) {
        failure ??= error;
      }
    },
  });
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
        throw new ProviderError(`${model}: the event stream broke off`, {
          provider: 'workers-ai',
          cause: error,
          isRetryable: true,
        });
      }
      if (chunk.done) parser.feed(`${decoder.decode()}\n\n`);
      else parser.feed(decoder.decode(chunk.value, { stream: true }));
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
