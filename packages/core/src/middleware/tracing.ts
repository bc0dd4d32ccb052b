import { PictorError } from '../errors/pictor-error.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageResult } from '../spec/image-result.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

// The slice of `@opentelemetry/api` this middleware uses; the package is an optional peer, imported
// on the first call (a no-op without it), so core stays dependency-free and runs in Workers.
interface Span {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setAttributes(attributes: Record<string, string | number | boolean>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: unknown): unknown;
  end(): void;
}
interface Tracer {
  startActiveSpan<T>(
    name: string,
    options: { kind: number; attributes: Record<string, string | number | boolean> },
    fn: (span: Span) => T,
  ): T;
}
interface OtelApi {
  trace: { getTracer(name: string, version?: string): Tracer };
}

/** Options of `tracing`. */
export interface TracingOptions {
  /** A tracer to use instead of the global one (`trace.getTracer('@pictor/core')`). */
  tracer?: Tracer;
  /** Span kind: CLIENT (2) for hosted providers, INTERNAL (0) for in-process runtimes. Default: INTERNAL for onnx and tfjs, else CLIENT. */
  kind?: 'client' | 'internal';
  /** Loads `@opentelemetry/api` (tests and bundlers inject it). Default: a dynamic import. */
  loadApi?: () => Promise<unknown>;
}

const IN_PROCESS = new Set(['onnx', 'tfjs']);
const KIND = { internal: 0, client: 2 } as const;
const ERROR = 2;

let shared: Promise<OtelApi | undefined> | undefined;
function defaultApi(): Promise<OtelApi | undefined> {
  const name = '@opentelemetry/api';
  shared ??= import(/* @vite-ignore */ name).then(
    (module: OtelApi & { default?: OtelApi }) => (module.trace ? module : module.default),
    () => undefined,
  );
  return shared;
}

/** Request attributes: the GenAI semantic conventions where they fit, `pictor.*` for the rest. Never the prompt. */
function requestAttributes(request: GenerateRequest | EditRequest, context: MiddlewareContext) {
  const attributes: Record<string, string | number | boolean> = {
    'gen_ai.operation.name': 'generate_content',
    'gen_ai.output.type': 'image',
    'gen_ai.provider.name': context.provider,
    'gen_ai.request.model': context.modelId,
    'pictor.operation': context.operation,
  };
  const n = request.n ?? 1;
  if (n !== 1) attributes['gen_ai.request.choice.count'] = n;
  if (request.seed !== undefined) attributes['gen_ai.request.seed'] = request.seed;
  if (request.width !== undefined) attributes['pictor.request.width'] = request.width;
  if (request.height !== undefined) attributes['pictor.request.height'] = request.height;
  if (request.steps !== undefined) attributes['pictor.request.steps'] = request.steps;
  if (request.guidance !== undefined) attributes['pictor.request.guidance'] = request.guidance;
  if ('mode' in request) attributes['pictor.edit.mode'] = request.mode;
  return attributes;
}

/** What the result says: images, sizes, warnings, timings and what inner middleware recorded. */
function resultAttributes(result: ImageResult) {
  const attributes: Record<string, string | number | boolean> = {
    'pictor.image.count': result.images.length,
    'pictor.warnings': result.warnings.length,
  };
  const first = result.images[0];
  if (first) {
    attributes['pictor.image.width'] = first.width;
    attributes['pictor.image.height'] = first.height;
    attributes['pictor.image.media_type'] = first.mediaType;
    if (first.seed !== undefined) attributes['pictor.image.seed'] = first.seed;
    const cache = first.annotations.cache as { hit?: boolean } | undefined;
    if (cache && typeof cache.hit === 'boolean') attributes['pictor.cache.hit'] = cache.hit;
    const check = first.annotations['hallucination-check'] as { passed?: boolean } | undefined;
    if (check && typeof check.passed === 'boolean') attributes['pictor.hallucination.passed'] = check.passed;
  }
  for (const [phase, ms] of Object.entries(result.timings))
    if (typeof ms === 'number') attributes[`pictor.timings.${phase}`] = ms;
  return attributes;
}

async function traced(
  options: TracingOptions,
  request: GenerateRequest | EditRequest,
  context: MiddlewareContext,
  call: () => Promise<ImageResult>,
): Promise<ImageResult> {
  const tracer =
    options.tracer ??
    ((await (options.loadApi ?? defaultApi)()) as OtelApi | undefined)?.trace.getTracer('@pictor/core');
  if (!tracer) return call();
  const kind = KIND[options.kind ?? (IN_PROCESS.has(context.provider) ? 'internal' : 'client')];
  return tracer.startActiveSpan(
    `generate_content ${context.modelId}`,
    { kind, attributes: requestAttributes(request, context) },
    async (span) => {
      try {
        const result = await call();
        span.setAttributes(resultAttributes(result));
        return result;
      } catch (error) {
        const code = PictorError.isInstance(error) ? error.code : 'error';
        span.setAttribute('error.type', code);
        span.setStatus({ code: ERROR, message: code });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * One OpenTelemetry span per call (`generate_content <model>`), with the GenAI semantic conventions'
 * attributes where they fit (`gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`,
 * `gen_ai.output.type = image`, seed, choice count, `error.type`) and `pictor.*` for what they lack
 * (size, steps, mode, images, cache hit, check outcome, timings). The prompt is never recorded.
 * `@opentelemetry/api` is an optional peer: without it, or without a registered SDK, this costs
 * nothing. Put it outermost to see the whole call; a queued job's worker continues the same trace.
 *
 * @example
 * createImageClient({ provider, middleware: [tracing(), retry(), cache()] });
 */
export function tracing(options: TracingOptions = {}): Middleware {
  return {
    name: 'tracing',
    wrapGenerate: (next, request, context) => traced(options, request, context, () => next(request)),
    wrapEdit: (next, request, context) => traced(options, request, context, () => next(request)),
  };
}
