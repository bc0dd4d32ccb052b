import { InvalidRequestError, InvalidResponseError, throwIfAborted } from '@pictor/core';
import type { AiRunner } from '../run/runner.js';
import { parseTextStream, type TextStreamEvent, type TextUsage } from './sse.js';

/** Text-generation model ids (any other `@cf/…` id works too). */
export type WorkersAITextModelId =
  | '@cf/meta/llama-3.1-8b-instruct'
  | '@cf/meta/llama-3.3-70b-instruct-fp8-fast'
  | '@cf/meta/llama-3.2-11b-vision-instruct'
  | '@cf/meta/llama-4-scout-17b-16e-instruct'
  | '@cf/google/gemma-4-26b-a4b-it'
  | (string & {});

/** One chat message. */
export interface TextMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A text request: a `prompt` or `messages`, not both. */
export interface TextRequest {
  prompt?: string;
  messages?: TextMessage[];
  /** Most tokens to generate. */
  maxTokens?: number;
  /** Sampling temperature (0–5). */
  temperature?: number;
  /** Sampling seed. */
  seed?: number;
}

/** A finished text answer. */
export interface TextResult {
  text: string;
  usage?: TextUsage;
}

/** A Workers AI text model: one-shot `generate` or streamed `stream`. */
export interface WorkersAITextModel {
  readonly modelId: string;
  /** Generates the whole answer. */
  generate(request: TextRequest, options?: { signal?: AbortSignal }): Promise<TextResult>;
  /** Streams the answer over SSE: `delta` events, then `usage` (when reported), then `done`. */
  stream(request: TextRequest, options?: { signal?: AbortSignal }): AsyncIterable<TextStreamEvent>;
}

/** Checks a text request and turns it into model inputs. */
export function textInputs(request: TextRequest): Record<string, unknown> {
  const hasPrompt = typeof request.prompt === 'string' && request.prompt.trim() !== '';
  const hasMessages = Array.isArray(request.messages) && request.messages.length > 0;
  if (hasPrompt === hasMessages)
    throw new InvalidRequestError('prompt', 'give either a non-empty prompt or messages, not both');
  if (request.maxTokens !== undefined && !(Number.isInteger(request.maxTokens) && request.maxTokens > 0)) {
    throw new InvalidRequestError('maxTokens', 'must be a positive integer');
  }
  if (request.temperature !== undefined && !(request.temperature >= 0 && request.temperature <= 5)) {
    throw new InvalidRequestError('temperature', 'must be between 0 and 5');
  }
  const inputs: Record<string, unknown> = hasPrompt
    ? { prompt: request.prompt }
    : { messages: request.messages };
  if (request.maxTokens !== undefined) inputs.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) inputs.temperature = request.temperature;
  if (request.seed !== undefined) inputs.seed = request.seed;
  return inputs;
}

/** Reads `{ response, usage }` or an OpenAI-style `{ choices: [{ message }] }` answer. */
export function readTextOutput(output: unknown, model: string): TextResult {
  const value = output as {
    response?: unknown;
    usage?: Record<string, unknown>;
    choices?: { message?: { content?: unknown } }[];
  };
  const text =
    typeof value?.response === 'string'
      ? value.response
      : typeof value?.response === 'number'
        ? String(value.response)
        : typeof value?.choices?.[0]?.message?.content === 'string'
          ? value.choices[0].message.content
          : undefined;
  if (text === undefined)
    throw new InvalidResponseError(`${model} returned no text`, { provider: 'workers-ai' });
  const usage = value.usage;
  return {
    text,
    ...(usage && typeof usage === 'object'
      ? {
          usage: {
            promptTokens: Number(usage.prompt_tokens ?? 0),
            completionTokens: Number(usage.completion_tokens ?? 0),
            totalTokens: Number(usage.total_tokens ?? 0),
          },
        }
      : {}),
  };
}

/** Creates a text model on a run seam. */
export function createTextModel(modelId: string, getRunner: () => AiRunner): WorkersAITextModel {
  return {
    modelId,
    async generate(request, options = {}) {
      const inputs = textInputs(request);
      throwIfAborted(options.signal);
      const output = await getRunner().run(modelId, inputs, options.signal ? { signal: options.signal } : {});
      return readTextOutput(output, modelId);
    },
    async *stream(request, options = {}) {
      const inputs = { ...textInputs(request), stream: true };
      throwIfAborted(options.signal);
      const output = await getRunner().run(modelId, inputs, options.signal ? { signal: options.signal } : {});
      if (!(output instanceof ReadableStream)) {
        // Some models answer JSON even when asked to stream: pass the whole answer through as one delta.
        const result = readTextOutput(output, modelId);
        yield { type: 'delta', text: result.text };
        if (result.usage) yield { type: 'usage', usage: result.usage };
        yield { type: 'done' };
        return;
      }
      yield* parseTextStream(output as ReadableStream<Uint8Array>, modelId, options.signal);
    },
  };
}
