// The caller's trace context travels with a queued job, so one trace covers client → queue → worker
// → provider. `@opentelemetry/api` is an optional peer: without it (or with no active span) nothing
// is added and nothing is loaded twice.

type OtelApi = typeof import('@opentelemetry/api');
let api: Promise<OtelApi | undefined> | undefined;

export function loadOtel(): Promise<OtelApi | undefined> {
  const name = '@opentelemetry/api';
  api ??= import(/* @vite-ignore */ name).then(
    (module: OtelApi & { default?: OtelApi }) => (module.trace ? module : module.default),
    () => undefined,
  );
  return api;
}

/** `{ trace: { traceparent, tracestate } }` for the active context, or `{}`. */
export async function injectTraceContext(): Promise<{ trace?: Record<string, string> }> {
  const otel = await loadOtel();
  if (!otel) return {};
  const carrier: Record<string, string> = {};
  otel.propagation.inject(otel.context.active(), carrier);
  return Object.keys(carrier).length ? { trace: carrier } : {};
}

/**
 * Runs a job inside the context it carried, in a `pictor.job <operation>` span (kind CONSUMER) with
 * the time the job waited in the queue; as is when there is no tracing.
 */
export async function withJobSpan<T>(
  carrier: Record<string, string> | undefined,
  attributes: Record<string, string | number>,
  fn: () => Promise<T>,
): Promise<T> {
  const otel = await loadOtel();
  if (!otel) return fn();
  const parent = carrier ? otel.propagation.extract(otel.context.active(), carrier) : otel.context.active();
  const tracer = otel.trace.getTracer('@pictor/queue');
  return otel.context.with(parent, () =>
    tracer.startActiveSpan(
      `pictor.job ${attributes['pictor.operation']}`,
      { kind: otel.SpanKind.CONSUMER, attributes },
      async (span) => {
        try {
          return await fn();
        } catch (error) {
          span.setStatus({ code: otel.SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}
