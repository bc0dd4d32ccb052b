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

/** Runs `fn` inside the context a job carried (or as is). */
export async function withTraceContext<T>(
  carrier: Record<string, string> | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const otel = carrier ? await loadOtel() : undefined;
  if (!otel || !carrier) return fn();
  return otel.context.with(otel.propagation.extract(otel.context.active(), carrier), fn);
}
