import { z } from 'zod';
import { zodToInvalidRequest } from '../client/zod-error.js';
import { cache } from '../middleware/cache.js';
import { concurrency } from '../middleware/concurrency.js';
import { fallback } from '../middleware/fallback.js';
import type { Middleware } from '../middleware/middleware.js';
import { retry } from '../middleware/retry.js';
import { timeout } from '../middleware/timeout.js';
import { tracing } from '../middleware/tracing.js';
import type { MiddlewareFromConfig } from './registry.js';

const retrySchema = z
  .object({
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(20)
      .optional()
      .describe('Retries after the first attempt. Default 2.'),
    initialDelayMs: z.number().min(0).optional().describe('Delay before the first retry, ms. Default 500.'),
    maxDelayMs: z
      .number()
      .min(0)
      .optional()
      .describe('Largest delay, ms; also caps a provider Retry-After. Default 30000.'),
    factor: z.number().min(1).optional().describe('Backoff multiplier per attempt. Default 2.'),
    jitter: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Jitter 0–1: each delay is drawn from [d·(1−jitter), d]. Default 0.5.'),
  })
  .strict();
const timeoutSchema = z
  .object({
    ms: z
      .number()
      .positive()
      .describe('Time limit in ms; then the call fails with a retryable TimeoutError.'),
  })
  .strict();
const cacheSchema = z
  .object({
    ttlMs: z.number().positive().optional().describe('How long a result stays fresh, ms. Default: forever.'),
    dir: z
      .string()
      .min(1)
      .optional()
      .describe('Directory of a filesystem store (atomic writes). Default: in-memory LRU.'),
  })
  .strict();
const concurrencySchema = z
  .object({
    limit: z.number().int().min(1).describe('Most calls in flight at once; the rest wait in order.'),
  })
  .strict();
const fallbackSchema = z
  .object({
    providers: z
      .array(z.unknown())
      .min(1)
      .describe('Providers tried in order when the configured one fails (strings or objects).'),
  })
  .strict();

const tracingSchema = z
  .object({
    kind: z
      .enum(['client', 'internal'])
      .optional()
      .describe('OpenTelemetry span kind. Default: internal for onnx and tfjs, client otherwise.'),
  })
  .strict();

/** The zod schemas of core's middleware options in config (for docs and `pictor config check`). */
export const builtInMiddlewareSchemas = {
  retry: retrySchema,
  timeout: timeoutSchema,
  cache: cacheSchema,
  concurrency: concurrencySchema,
  fallback: fallbackSchema,
  tracing: tracingSchema,
} as const;

function parse<T>(schema: z.ZodType<T>, options: unknown, field: string): T {
  const result = schema.safeParse(options);
  if (!result.success) throw zodToInvalidRequest(result.error, field);
  return result.data;
}

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

/** Core's middlewares by `use` name. */
export const builtInMiddleware: Record<string, MiddlewareFromConfig> = {
  retry: (options, { field }) => retry(defined(parse(retrySchema, options, field))),
  timeout: (options, { field }) => timeout(parse(timeoutSchema, options, field).ms),
  cache: async (options, context) => {
    const { ttlMs, dir } = parse(cacheSchema, options, context.field);
    let store: import('../middleware/cache-store.js').CacheStore | undefined;
    if (dir) {
      const { fileStore } = await import('../node/file-store.js');
      store = fileStore(dir);
    }
    return cache(defined({ ttlMs, store }));
  },
  concurrency: (options, { field }) => concurrency(parse(concurrencySchema, options, field).limit),
  fallback: async (options, context) => {
    const { providers } = parse(fallbackSchema, options, context.field);
    const resolved = [];
    for (const [i, spec] of providers.entries()) {
      resolved.push(await context.resolveProvider(spec as string, `${context.field}.providers[${i}]`));
    }
    return fallback({ providers: resolved }) as Middleware;
  },
  tracing: (options, { field }) => tracing(defined(parse(tracingSchema, options, field))),
};
