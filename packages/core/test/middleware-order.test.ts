import { createImageClient, type Middleware, wrapProvider } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';

function tracer(name: string, log: string[]): Middleware {
  return {
    name,
    transformRequest(request) {
      log.push(`${name}:transform`);
      return { ...request, prompt: `${request.prompt} ${name}` };
    },
    async wrapGenerate(next, request) {
      log.push(`${name}:in`);
      const result = await next(request);
      log.push(`${name}:out`);
      result.images[0]!.annotations[name] = true;
      return result;
    },
  };
}

describe('middleware order: the first listed is the outermost', () => {
  it('wrapProvider(p, a, b) runs a → b → p → b → a', async () => {
    const log: string[] = [];
    const provider = mockProvider();
    const wrapped = wrapProvider(provider, tracer('a', log), tracer('b', log));
    await wrapped.generate({ prompt: 'x', seed: 1 }, {});
    expect(log).toEqual(['a:transform', 'a:in', 'b:transform', 'b:in', 'b:out', 'a:out']);
    expect(provider.calls[0]!.request.prompt).toBe('x a b');
  });

  it('the client applies middleware in the same order, and wrapped providers nest', async () => {
    const log: string[] = [];
    const inner = wrapProvider(mockProvider(), tracer('c', log));
    const client = createImageClient({ provider: inner, middleware: [tracer('a', log), tracer('b', log)] });
    const result = await client.generate({ prompt: 'x' });
    expect(log.filter((l) => l.endsWith(':in'))).toEqual(['a:in', 'b:in', 'c:in']);
    expect(result.images[0]!.annotations).toMatchObject({ a: true, b: true, c: true });
  });

  it('a middleware without hooks passes calls through, and edit is wrapped too', async () => {
    const log: string[] = [];
    const provider = mockProvider();
    const client = createImageClient({
      provider,
      middleware: [
        { name: 'noop' },
        {
          name: 'edit-tracer',
          async wrapEdit(next, request) {
            log.push(`edit:${request.mode}`);
            return next(request);
          },
        },
      ],
    });
    const { encodePng } = await import('@pictor/core');
    const image = await encodePng({ width: 8, height: 8, data: new Uint8Array(256).fill(255) });
    await client.edit({ mode: 'upscale', prompt: 'x', image });
    expect(log).toEqual(['edit:upscale']);
    expect(provider.calls[0]!.operation).toBe('edit');
  });
});
