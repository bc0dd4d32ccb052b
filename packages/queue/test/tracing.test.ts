// One trace from the client through the queue to the worker's provider, with real OpenTelemetry.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createImageClient, RateLimitError, tracing, wrapProvider } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, queued } from '../src/index.js';
import { type RedisServer, startRedis } from './support/redis-server.js';

const exporter = new InMemorySpanExporter();
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await server.dispose();
});

describe('tracing()', () => {
  it('records a GenAI span per call with pictor attributes, never the prompt', async () => {
    exporter.reset();
    const client = createImageClient({
      provider: mockProvider({ provider: 'tfjs', modelId: 'emoji' }),
      middleware: [tracing()],
    });
    await client.generate({ prompt: 'a secret prompt', seed: 7, width: 32, height: 32, n: 2 });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('generate_content emoji');
    expect(span?.kind).toBe(0); // INTERNAL: an in-process runtime
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.output.type': 'image',
      'gen_ai.provider.name': 'tfjs',
      'gen_ai.request.model': 'emoji',
      'gen_ai.request.seed': 7,
      'gen_ai.request.choice.count': 2,
      'pictor.image.count': 2,
      'pictor.image.width': 32,
    });
    expect(JSON.stringify(span?.attributes)).not.toContain('secret prompt');
  });

  it('marks a failed call with error.type = the Pictor error code', async () => {
    exporter.reset();
    const client = createImageClient({
      provider: mockProvider({ fail: new RateLimitError('no') }),
      middleware: [tracing()],
    });
    await expect(client.generate({ prompt: 'x', seed: 1 })).rejects.toThrow();
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['error.type']).toBe('rate_limit');
    expect(span?.status.code).toBe(2);
  });

  it('one trace covers client → queue → worker → provider', async () => {
    exporter.reset();
    const worker = await createWorker(wrapProvider(mockProvider(), tracing()), {
      queue: { connection: server.url, name: 'traced' },
    });
    await worker.ready();
    const remote = queued(mockProvider(), { queue: { connection: server.url, name: 'traced' } });
    try {
      await createImageClient({ provider: remote, middleware: [tracing()] }).generate({
        prompt: 'p',
        seed: 1,
      });
    } finally {
      await remote.close();
      await worker.close();
    }
    const spans = exporter.getFinishedSpans();
    const job = spans.find((s) => s.name === 'pictor.job generate');
    const calls = spans.filter((s) => s.name === 'generate_content mock-model');
    expect(calls).toHaveLength(2);
    expect(job).toBeDefined();
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    const outer = calls.find((s) => !s.parentSpanContext)!;
    const inner = calls.find((s) => s !== outer)!;
    expect(job!.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.parentSpanContext?.spanId).toBe(job!.spanContext().spanId);
    expect(typeof job!.attributes['pictor.queue.wait_ms']).toBe('number');
  });
});
