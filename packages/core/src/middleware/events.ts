import { PictorError } from '../errors/pictor-error.js';
import { redactSecrets } from '../errors/redact.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Summary of a request in events: no prompt text unless asked, no image bytes, no headers. */
export interface RequestSummary {
  operation: 'generate' | 'edit';
  provider: string;
  modelId: string;
  n: number;
  width?: number;
  height?: number;
  seed?: number;
  steps?: number;
  mode?: string;
  /** The prompt, only when `includePrompt` is set. */
  prompt?: string;
}

/** The start/end/error hooks of `events`. */
export interface EventHooks {
  onStart?(event: { id: string; request: RequestSummary; time: number }): void;
  onEnd?(event: {
    id: string;
    request: RequestSummary;
    durationMs: number;
    images: number;
    warnings: number;
    timings: ImageResult['timings'];
  }): void;
  onError?(event: {
    id: string;
    request: RequestSummary;
    durationMs: number;
    code: string;
    message: string;
    retryable: boolean;
  }): void;
  /** Put the prompt text into the summary (off by default: prompts can be private). */
  includePrompt?: boolean;
}

let counter = 0;

function summarize(
  request: GenerateRequest | EditRequest,
  context: MiddlewareContext,
  includePrompt: boolean,
): RequestSummary {
  const summary: RequestSummary = {
    operation: context.operation,
    provider: context.provider,
    modelId: context.modelId,
    n: request.n ?? 1,
  };
  if (request.width !== undefined) summary.width = request.width;
  if (request.height !== undefined) summary.height = request.height;
  if (request.seed !== undefined) summary.seed = request.seed;
  if (request.steps !== undefined) summary.steps = request.steps;
  if ('mode' in request) summary.mode = request.mode;
  if (includePrompt) summary.prompt = redactSecrets(request.prompt);
  return summary;
}

function safe(hook: (() => void) | undefined): void {
  try {
    hook?.();
  } catch {
    // Observers must not break calls.
  }
}

async function observed(
  hooks: EventHooks,
  context: MiddlewareContext,
  request: GenerateRequest | EditRequest,
  call: () => Promise<ImageResult>,
): Promise<ImageResult> {
  const id = `pictor-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const summary = summarize(request, context, hooks.includePrompt ?? false);
  const start = performance.now();
  safe(() => hooks.onStart?.({ id, request: summary, time: Date.now() }));
  try {
    const result = await call();
    const durationMs = performance.now() - start;
    safe(() =>
      hooks.onEnd?.({
        id,
        request: summary,
        durationMs,
        images: result.images.length,
        warnings: result.warnings.length,
        timings: result.timings,
      }),
    );
    return result;
  } catch (error) {
    const durationMs = performance.now() - start;
    const code = PictorError.isInstance(error) ? error.code : 'unknown';
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    const retryable = PictorError.isInstance(error) && error.isRetryable;
    safe(() => hooks.onError?.({ id, request: summary, durationMs, code, message, retryable }));
    throw error;
  }
}

/**
 * Structured start/end/error hooks for logging and metrics. Events carry a request summary (no image
 * bytes, no headers, the prompt only with `includePrompt`) and error messages with secrets redacted.
 *
 * @example
 * events({ onEnd: (e) => metrics.histogram('pictor.ms', e.durationMs), onError: (e) => log.warn(e.code, e.message) })
 */
export function events(hooks: EventHooks): Middleware {
  return {
    name: 'events',
    wrapGenerate: (next, request, context) => observed(hooks, context, request, () => next(request)),
    wrapEdit: (next, request, context) => observed(hooks, context, request, () => next(request)),
  };
}
