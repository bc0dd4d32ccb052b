// tracing(): the span each call records, read back from a real OpenTelemetry SDK (in-memory exporter).
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  cache,
  createImageClient,
  type Middleware,
  RateLimitError,
  type TracingOptions,
  tracing,
  wrapProvider,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

function recorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test') as unknown as NonNullable<TracingOptions['tracer']>;
  return { tracer, spans: (): ReadableSpan[] => exporter.getFinishedSpans() };
}

describe('tracing()', () => {
  it('one ended span per call, named after the model, with the request attributes', async () => {
    const { tracer, spans } = recorder();
    const client = createImageClient({
      provider: mockProvider({ provider: 'remote', modelId: 'm-1' }),
      middleware: [tracing({ tracer })],
    });
    await client.generate({
      prompt: 'a private prompt',
      seed: 7,
      width: 64,
      height: 48,
      steps: 3,
      guidance: 2.5,
    });
    expect(spans()).toHaveLength(1);
    const span = spans()[0]!;
    expect(span.name).toBe('generate_content m-1');
    expect(span.kind).toBe(2); // CLIENT: a hosted provider
    expect(span.ended).toBe(true);
    expect(span.status.code).toBe(0);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.output.type': 'image',
      'gen_ai.provider.name': 'remote',
      'gen_ai.request.model': 'm-1',
      'gen_ai.request.seed': 7,
      'pictor.operation': 'generate',
      'pictor.request.width': 64,
      'pictor.request.height': 48,
      'pictor.request.steps': 3,
      'pictor.request.guidance': 2.5,
      'pictor.image.count': 1,
      'pictor.image.width': 64,
      'pictor.image.height': 48,
      'pictor.image.media_type': 'image/png',
      'pictor.image.seed': 7,
      'pictor.warnings': 0,
      'pictor.timings.totalMs': expect.any(Number),
    });
    expect(JSON.stringify(span.attributes)).not.toContain('private');
  });

  it('records the choice count only when n is not 1, the edit mode, and the cache outcome', async () => {
    const { tracer, spans } = recorder();
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [tracing({ tracer }), cache()],
    });
    await client.generate({ prompt: 'a', seed: 1, n: 3 });
    await client.generate({ prompt: 'a', seed: 1, n: 3 });
    await client.edit({ mode: 'img2img', prompt: 'x', image: await solidPng(8, 8), seed: 2 });
    const [first, second, edit] = spans();
    expect(first!.attributes['gen_ai.request.choice.count']).toBe(3);
    expect(first!.attributes['pictor.image.count']).toBe(3);
    expect(first!.attributes['pictor.cache.hit']).toBe(false);
    expect(second!.attributes['pictor.cache.hit']).toBe(true);
    expect(edit!.attributes['pictor.edit.mode']).toBe('img2img');
    expect(edit!.attributes['pictor.operation']).toBe('edit');
    expect(edit!.attributes).not.toHaveProperty('gen_ai.request.choice.count');
    expect(first!.attributes).not.toHaveProperty('pictor.edit.mode');
    expect(first!.attributes).not.toHaveProperty('pictor.request.width');
  });

  it('records the hallucination-check outcome an inner middleware annotated', async () => {
    const { tracer, spans } = recorder();
    const checker: Middleware = {
      name: 'hallucination-check',
      async wrapGenerate(next, request) {
        const result = await next(request);
        for (const image of result.images) image.annotations['hallucination-check'] = { passed: false };
        return result;
      },
    };
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [tracing({ tracer }), checker],
    });
    await client.generate({ prompt: 'a', seed: 1 });
    expect(spans()[0]!.attributes['pictor.hallucination.passed']).toBe(false);
    expect(spans()[0]!.attributes).not.toHaveProperty('pictor.cache.hit');
  });

  it('marks a failed call with error.type and an error status, and still ends the span', async () => {
    const { tracer, spans } = recorder();
    const client = createImageClient({
      provider: mockProvider({ fail: new RateLimitError('busy') }),
      middleware: [tracing({ tracer })],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    const span = spans()[0]!;
    expect(span.ended).toBe(true);
    expect(span.attributes['error.type']).toBe('rate_limit');
    expect(span.status).toEqual({ code: 2, message: 'rate_limit' });
    expect(span.attributes).not.toHaveProperty('pictor.image.count');
  });

  it('an in-process runtime is INTERNAL, and the kind option overrides the default', async () => {
    const { tracer, spans } = recorder();
    const onnx = createImageClient({
      provider: mockProvider({ provider: 'onnx' }),
      middleware: [tracing({ tracer })],
    });
    const tfjs = createImageClient({
      provider: mockProvider({ provider: 'tfjs' }),
      middleware: [tracing({ tracer })],
    });
    const forcedClient = createImageClient({
      provider: mockProvider({ provider: 'onnx' }),
      middleware: [tracing({ tracer, kind: 'client' })],
    });
    const forcedInternal = createImageClient({
      provider: mockProvider({ provider: 'remote' }),
      middleware: [tracing({ tracer, kind: 'internal' })],
    });
    for (const client of [onnx, tfjs, forcedClient, forcedInternal])
      await client.generate({ prompt: 'a', seed: 1 });
    expect(spans().map((s) => s.kind)).toEqual([0, 0, 2, 0]);
  });

  it('loads the API through loadApi (a module or its default export), and is a no-op without one', async () => {
    const { tracer, spans } = recorder();
    const names: string[] = [];
    const api = {
      trace: {
        getTracer: (name: string) => {
          names.push(name);
          return tracer;
        },
      },
    };
    const run = (loadApi: () => Promise<unknown>) =>
      wrapProvider(mockProvider(), tracing({ loadApi })).generate({ prompt: 'a', seed: 1 }, {});
    await run(async () => api);
    expect(names).toEqual(['@pictor/core']);
    expect(spans()).toHaveLength(1);
    const without = await run(async () => undefined);
    expect(without.images).toHaveLength(1);
    expect(spans()).toHaveLength(1);
  });

  it('without options it uses the global API: a registered SDK records the span', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    try {
      const client = createImageClient({ provider: mockProvider(), middleware: [tracing()] });
      await client.generate({ prompt: 'a', seed: 3 });
      await client.generate({ prompt: 'a', seed: 4 });
      expect(exporter.getFinishedSpans().map((s) => s.attributes['gen_ai.request.seed'])).toEqual([3, 4]);
    } finally {
      trace.disable();
    }
  });
});
