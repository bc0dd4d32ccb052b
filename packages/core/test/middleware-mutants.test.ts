// retry, timeout, concurrency, events, backoffDelay and wrapProvider, each called through
// wrapProvider (no client race hiding what the middleware itself does) where abort is the subject.
// Each test was written against a mutant that survived `pnpm mutation --mutate 'packages/core/src/middleware/*.ts'`.
import {
  AbortError,
  backoffDelay,
  type CallOptions,
  concurrency,
  createImageClient,
  type EditRequest,
  events,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  type Logger,
  type Middleware,
  MiddlewareError,
  ProviderError,
  RateLimitError,
  RetryError,
  registerSecret,
  retry,
  Semaphore,
  TimeoutError,
  timeout,
  wrapProvider,
  wrapProviderWith,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bare provider (no request checks of its own): records every call with its options, answers a
 * real PNG, and stays pending until `release()` when `hold` is set. It ignores abort on purpose, so
 * only the middleware's own abort handling is observed.
 */
function bareProvider(options: { hold?: boolean; fail?: unknown } = {}) {
  const calls: { request: GenerateRequest | EditRequest; options: CallOptions }[] = [];
  const releases: (() => void)[] = [];
  const answer = async (request: GenerateRequest | EditRequest, callOptions: CallOptions) => {
    calls.push({ request, options: callOptions });
    if (options.hold) await new Promise<void>((resolve) => releases.push(resolve));
    if (options.fail !== undefined) throw options.fail;
    const result: ImageResult = {
      images: [{ bytes: await solidPng(8, 8), mediaType: 'image/png', width: 8, height: 8, annotations: {} }],
      warnings: [],
      provider: 'bare',
      modelId: 'bare-1',
      timings: { totalMs: 0 },
    };
    return result;
  };
  const provider: ImageProvider = {
    specificationVersion: 'v1',
    provider: 'bare',
    modelId: 'bare-1',
    capabilities: mockProvider().capabilities,
    generate: answer,
    edit: answer,
  };
  return { provider, calls, release: () => releases.shift()?.() };
}

const editRequest = async (): Promise<EditRequest> => ({
  mode: 'img2img',
  prompt: 'x',
  image: await solidPng(8, 8),
  seed: 1,
});

describe('backoffDelay', () => {
  it('a Retry-After that is negative or not finite falls back to the exponential delay; zero is honoured', () => {
    const options = { initialDelayMs: 100, jitter: 0 };
    expect(backoffDelay(1, options, -5)).toBe(100);
    expect(backoffDelay(1, options, Number.NaN)).toBe(100);
    expect(backoffDelay(1, options, Number.POSITIVE_INFINITY)).toBe(100);
    expect(backoffDelay(1, options, 0)).toBe(0);
    expect(backoffDelay(2, options, undefined)).toBe(200);
  });
});

describe('retry', () => {
  it('an attempt without an HTTP status is listed without a status key; the RetryError names the provider', async () => {
    const provider = mockProvider({ fail: [new RateLimitError('busy'), new RateLimitError('busy')] });
    const wrapped = wrapProvider(provider, retry({ maxRetries: 1, initialDelayMs: 1, jitter: 0 }));
    const error = (await rejectionOf(wrapped.generate({ prompt: 'a', seed: 1 }, {}))) as RetryError;
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error.provider).toBe('mock');
    expect(error.attempts.map((a) => Object.keys(a).sort())).toEqual([
      ['attempt', 'code', 'delayMs'],
      ['attempt', 'code'],
    ]);
  });

  it('a retryable failure after the caller aborted is an AbortError caused by it, with no retry', async () => {
    const controller = new AbortController();
    const busy = new RateLimitError('busy');
    const { provider, calls } = bareProvider();
    const failing: ImageProvider = {
      ...provider,
      generate: async (request, options) => {
        calls.push({ request, options });
        controller.abort();
        throw busy;
      },
    };
    const wrapped = wrapProvider(failing, retry({ maxRetries: 3, initialDelayMs: 1 }));
    const error = await rejectionOf(wrapped.generate({ prompt: 'a' }, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).cause).toBe(busy);
    expect(calls).toHaveLength(1);
  });

  it('an AbortError after the caller aborted is thrown as it is', async () => {
    const controller = new AbortController();
    const own = new AbortError('stopped by the provider');
    const { provider } = bareProvider();
    const failing: ImageProvider = {
      ...provider,
      generate: async () => {
        controller.abort();
        throw own;
      },
    };
    const wrapped = wrapProvider(failing, retry({ maxRetries: 3, initialDelayMs: 1 }));
    expect(await rejectionOf(wrapped.generate({ prompt: 'a' }, { signal: controller.signal }))).toBe(own);
  });

  it('logs each retry (attempt, delay, code) and retries edits too', async () => {
    const lines: Parameters<Logger>[] = [];
    const provider = mockProvider({
      fail: [new RateLimitError('busy'), new ProviderError('down', { status: 503 })],
    });
    const client = createImageClient({
      provider,
      middleware: [retry({ maxRetries: 2, initialDelayMs: 1, jitter: 0 })],
      logger: (...line) => lines.push(line),
    });
    const result = await client.edit(await editRequest());
    expect(result.images).toHaveLength(1);
    expect(provider.calls.map((c) => c.operation)).toEqual(['edit', 'edit', 'edit']);
    expect(lines).toEqual([
      ['warn', 'retrying', { attempt: 1, delayMs: 1, code: 'rate_limit' }],
      ['warn', 'retrying', { attempt: 2, delayMs: 2, code: 'provider_error' }],
    ]);
  });
});

describe('timeout', () => {
  it('an already aborted caller signal is an AbortError before any call', async () => {
    const { provider, calls } = bareProvider();
    const controller = new AbortController();
    controller.abort();
    const wrapped = wrapProvider(provider, timeout(1_000));
    const error = await rejectionOf(wrapped.generate({ prompt: 'a' }, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('a call’s own failure inside the limit is thrown as it is', async () => {
    const own = new ProviderError('bad gateway', { status: 502 });
    const { provider } = bareProvider({ fail: own });
    const error = await rejectionOf(wrapProvider(provider, timeout(5_000)).generate({ prompt: 'a' }, {}));
    expect(error).toBe(own);
  });

  it('the TimeoutError names the provider and the limit; edits are limited too', async () => {
    const { provider, calls } = bareProvider({ hold: true });
    const wrapped = wrapProvider(provider, timeout(30));
    const error = await rejectionOf(wrapped.edit!(await editRequest(), {}));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).provider).toBe('bare');
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect(calls[0]!.options.signal?.aborted).toBe(true);
    expect(calls[0]!.options.signal?.reason).toBe(error);
  });

  it('after a call that finished in time, neither the timer nor the caller’s abort reaches the finished work', async () => {
    const { provider, calls } = bareProvider();
    const controller = new AbortController();
    const wrapped = wrapProvider(provider, timeout(40));
    await wrapped.generate({ prompt: 'a' }, { signal: controller.signal });
    const inner = calls[0]!.options.signal!;
    await tick(80);
    expect(inner.aborted).toBe(false);
    controller.abort();
    expect(inner.aborted).toBe(false);
  });

  it('rejects a nonsensical limit with a message naming the middleware', () => {
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => timeout(ms)).toThrow(new RangeError('timeout: ms must be a positive number'));
  });
});

describe('concurrency', () => {
  it('an already aborted caller signal never takes a slot or calls the provider', async () => {
    const { provider, calls } = bareProvider();
    const limit = concurrency(1);
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(
      wrapProvider(provider, limit).generate({ prompt: 'a' }, { signal: controller.signal }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(0);
    expect(limit.inFlight).toBe(0);
  });

  it('an aborted first waiter leaves the queue, so the next waiter gets the slot', async () => {
    const { provider, calls, release } = bareProvider({ hold: true });
    const limit = concurrency(1);
    const wrapped = wrapProvider(provider, limit);
    const a = wrapped.generate({ prompt: 'a' }, {});
    const controller = new AbortController();
    const b = rejectionOf(wrapped.generate({ prompt: 'b' }, { signal: controller.signal }));
    const c = wrapped.generate({ prompt: 'c' }, {});
    await tick(5);
    expect(calls.map((x) => x.request.prompt)).toEqual(['a']);
    controller.abort();
    expect(AbortError.isInstance(await b)).toBe(true);
    release();
    await a;
    while (calls.length < 2) await tick(1);
    expect(calls.map((x) => x.request.prompt)).toEqual(['a', 'c']);
    expect(limit.inFlight).toBe(1);
    release();
    await c;
    expect(limit.inFlight).toBe(0);
  });

  it('an aborted later waiter leaves the queue without taking the place of another', async () => {
    const { provider, calls, release } = bareProvider({ hold: true });
    const wrapped = wrapProvider(provider, concurrency(1));
    const a = wrapped.generate({ prompt: 'a' }, {});
    const b = wrapped.generate({ prompt: 'b' }, {});
    const controller = new AbortController();
    const c = rejectionOf(wrapped.generate({ prompt: 'c' }, { signal: controller.signal }));
    const d = wrapped.generate({ prompt: 'd' }, {});
    await tick(5);
    controller.abort();
    expect(AbortError.isInstance(await c)).toBe(true);
    release();
    await a;
    while (calls.length < 2) await tick(1);
    release();
    await b;
    while (calls.length < 3) await tick(1);
    release();
    await d;
    expect(calls.map((x) => x.request.prompt)).toEqual(['a', 'b', 'd']);
  });

  it('a released slot is released once: a second release frees nothing more', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    expect(semaphore.inFlight).toBe(1);
    const waiting = semaphore.acquire();
    const third = semaphore.acquire();
    let thirdGranted = false;
    void third.then(() => {
      thirdGranted = true;
    });
    release();
    const releaseSecond = await waiting;
    expect(semaphore.inFlight).toBe(1);
    release();
    await tick(5);
    expect(semaphore.inFlight).toBe(1);
    expect(thirdGranted).toBe(false);
    releaseSecond();
    await third;
    expect(thirdGranted).toBe(true);
  });

  it('limits edits too', async () => {
    const { provider, calls, release } = bareProvider({ hold: true });
    const limit = concurrency(1);
    const wrapped = wrapProvider(provider, limit);
    const image = await editRequest();
    const first = wrapped.edit!(image, {});
    const second = wrapped.edit!(image, {});
    await tick(5);
    expect(calls).toHaveLength(1);
    expect(limit.inFlight).toBe(1);
    release();
    await first;
    while (calls.length < 2) await tick(1);
    release();
    await second;
    expect(limit.inFlight).toBe(0);
  });

  it('rejects a limit that is not a positive integer, with a message naming the middleware', () => {
    for (const limit of [0, -1, 1.5, Number.NaN])
      expect(() => concurrency(limit)).toThrow(
        new RangeError('concurrency: limit must be a positive integer'),
      );
    expect(concurrency(1).inFlight).toBe(0);
  });
});

describe('events', () => {
  it('the summary has exactly the fields the request set', async () => {
    const starts: unknown[] = [];
    const hooks = { onStart: (e: { request: unknown }) => starts.push(e.request) };
    const wrapped = wrapProvider(mockProvider(), events(hooks));
    await wrapped.generate({ prompt: 'a' }, {});
    await wrapped.generate({ prompt: 'a', width: 64, height: 32, seed: 3, steps: 2, n: 2 }, {});
    await wrapped.edit!(await editRequest(), {});
    // Keys, not only values: a field set to undefined would still be a field.
    expect(starts.map((s) => Object.keys(s as object).sort())).toEqual([
      ['modelId', 'n', 'operation', 'provider'],
      ['height', 'modelId', 'n', 'operation', 'provider', 'seed', 'steps', 'width'],
      ['mode', 'modelId', 'n', 'operation', 'provider', 'seed'],
    ]);
    expect(starts).toEqual([
      { operation: 'generate', provider: 'mock', modelId: 'mock-model', n: 1 },
      {
        operation: 'generate',
        provider: 'mock',
        modelId: 'mock-model',
        n: 2,
        width: 64,
        height: 32,
        seed: 3,
        steps: 2,
      },
      { operation: 'edit', provider: 'mock', modelId: 'mock-model', n: 1, seed: 1, mode: 'img2img' },
    ]);
  });

  it('includePrompt puts the prompt in, with secrets redacted', async () => {
    const token = 'sk-events-secret-0123456789abcdef';
    registerSecret(token);
    const starts: { prompt?: string }[] = [];
    const wrapped = wrapProvider(
      mockProvider(),
      events({ includePrompt: true, onStart: (e) => starts.push(e.request) }),
    );
    await wrapped.generate({ prompt: `an apple ${token}`, seed: 1 }, {});
    expect(starts[0]!.prompt).toBe('an apple [REDACTED]');
  });

  it('each call has its own id, the same in its start and end events', async () => {
    const seen: [string, string][] = [];
    const wrapped = wrapProvider(
      mockProvider(),
      events({ onStart: (e) => seen.push(['start', e.id]), onEnd: (e) => seen.push(['end', e.id]) }),
    );
    await wrapped.generate({ prompt: 'a', seed: 1 }, {});
    await wrapped.generate({ prompt: 'a', seed: 1 }, {});
    await wrapped.generate({ prompt: 'a', seed: 1 }, {});
    const ids = seen.map(([, id]) => id);
    for (const id of ids) expect(id).toMatch(/^pictor-[0-9a-z]+-[0-9a-z]+$/);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(new Set(ids).size).toBe(3);
    const counters = ids.filter((_, i) => i % 2 === 0).map((id) => Number.parseInt(id.split('-')[2]!, 36));
    expect(counters[1]).toBe(counters[0]! + 1);
    expect(counters[2]).toBe(counters[1]! + 1);
  });

  it('durations are measured from the call’s start, within the time the call took', async () => {
    const durations: number[] = [];
    const wrapped = wrapProvider(
      mockProvider({ latencyMs: 20 }),
      events({
        onEnd: (e) => durations.push(e.durationMs),
        onError: (e) => durations.push(e.durationMs),
      }),
    );
    const before = performance.now();
    await wrapped.generate({ prompt: 'a', seed: 1 }, {});
    const middle = performance.now();
    const controller = new AbortController();
    controller.abort();
    await rejectionOf(wrapped.generate({ prompt: 'a', seed: 1 }, { signal: controller.signal }));
    const after = performance.now();
    expect(durations).toHaveLength(2);
    expect(durations[0]).toBeGreaterThanOrEqual(0);
    expect(durations[0]).toBeLessThanOrEqual(middle - before);
    expect(durations[1]).toBeGreaterThanOrEqual(0);
    expect(durations[1]).toBeLessThanOrEqual(after - middle);
  });

  it('error events say whether the error is retryable; end events count images and warnings', async () => {
    const errors: { code: string; retryable: boolean }[] = [];
    const ends: { images: number; warnings: number }[] = [];
    const hooks = {
      onError: (e: { code: string; retryable: boolean }) =>
        errors.push({ code: e.code, retryable: e.retryable }),
      onEnd: (e: { images: number; warnings: number }) =>
        ends.push({ images: e.images, warnings: e.warnings }),
    };
    await rejectionOf(
      wrapProvider(mockProvider({ fail: new RateLimitError('busy') }), events(hooks)).generate(
        { prompt: 'a' },
        {},
      ),
    );
    await rejectionOf(
      wrapProvider(mockProvider({ fail: new InvalidRequestError('prompt', 'no') }), events(hooks)).generate(
        { prompt: 'a' },
        {},
      ),
    );
    await wrapProvider(mockProvider({ capabilities: { negativePrompt: false } }), events(hooks)).generate(
      { prompt: 'a', seed: 1, n: 2, negativePrompt: 'blur' },
      {},
    );
    expect(errors).toEqual([
      { code: 'rate_limit', retryable: true },
      { code: 'invalid_request', retryable: false },
    ]);
    expect(ends).toEqual([{ images: 2, warnings: 1 }]);
  });
});

describe('wrapProvider', () => {
  it('with no middleware returns the provider itself; with some, a v1 provider that disposes the inner one', async () => {
    const provider = mockProvider();
    expect(wrapProvider(provider)).toBe(provider);
    const wrapped = wrapProvider(provider, retry());
    expect(wrapped).not.toBe(provider);
    expect(wrapped.specificationVersion).toBe('v1');
    expect(wrapped.provider).toBe('mock');
    expect(wrapped.modelId).toBe('mock-model');
    expect(wrapped.capabilities).toBe(provider.capabilities);
    await wrapped.dispose!();
    expect(provider.disposed).toBe(true);
    const { provider: bare } = bareProvider();
    const { edit: _edit, ...generateOnly } = bare;
    const wrappedGenerateOnly = wrapProvider(generateOnly, retry());
    expect(wrappedGenerateOnly.edit).toBeUndefined();
    expect(wrappedGenerateOnly.dispose).toBeUndefined();
  });

  it('the context tells a middleware the operation; an edit’s call options reach the provider', async () => {
    const operations: string[] = [];
    const spy: Middleware = {
      name: 'spy',
      wrapGenerate: (next, request, context) => {
        operations.push(context.operation);
        return next(request);
      },
      wrapEdit: (next, request, context) => {
        operations.push(context.operation);
        return next(request);
      },
    };
    const { provider, calls } = bareProvider();
    const wrapped = wrapProvider(provider, spy);
    await wrapped.generate({ prompt: 'a' }, {});
    await wrapped.edit!(await editRequest(), { headers: { 'x-a': '1' } });
    await (wrapped.edit as (request: EditRequest) => Promise<ImageResult>)(await editRequest());
    expect(operations).toEqual(['generate', 'edit', 'edit']);
    expect(calls[1]!.options.headers).toEqual({ 'x-a': '1' });
    expect(calls[2]!.options).toEqual({});
  });

  it('a provider’s plain error, thrown or rejected, is its ProviderError with the original as cause', async () => {
    const original = new TypeError('adapter bug');
    const { provider } = bareProvider();
    const throwing: ImageProvider = {
      ...provider,
      generate: () => {
        throw original;
      },
    };
    const passthrough: Middleware = { name: 'pass' };
    for (const p of [throwing, { ...provider, generate: async () => Promise.reject(original) }]) {
      const error = await rejectionOf(wrapProvider(p, passthrough).generate({ prompt: 'a' }, {}));
      expect(ProviderError.isInstance(error)).toBe(true);
      expect((error as ProviderError).provider).toBe('bare');
      expect((error as ProviderError).cause).toBe(original);
      expect((error as ProviderError).message).toBe('bare failed: adapter bug');
    }
  });

  it('a nameless middleware’s own failure is a MiddlewareError naming it anonymous', async () => {
    const broken: Middleware = {
      name: '',
      wrapGenerate: () => {
        throw new Error('oops');
      },
    };
    const error = await rejectionOf(wrapProvider(mockProvider(), broken).generate({ prompt: 'a' }, {}));
    expect(MiddlewareError.isInstance(error)).toBe(true);
    expect((error as MiddlewareError).middleware).toBe('anonymous');
  });

  it('a middleware’s log lines reach the logger, secrets redacted, data as given or absent', async () => {
    const token = 'sk-log-secret-abcdefghijklmnop';
    registerSecret(token);
    const lines: unknown[] = [];
    const talker: Middleware = {
      name: 'talker',
      wrapGenerate: (next, request, context) => {
        context.log('info', `using ${token}`);
        context.log('debug', 'with data', { token, n: 1 });
        return next(request);
      },
    };
    await wrapProviderWith(mockProvider(), [talker], (...line) => lines.push(line)).generate(
      { prompt: 'a', seed: 1 },
      {},
    );
    expect(lines).toEqual([
      ['info', 'using [REDACTED]', undefined],
      ['debug', 'with data', { token: '[REDACTED]', n: 1 }],
    ]);
  });
});

describe('the drawn-seed mark on call options', () => {
  it('is a registered symbol, so two copies of the package agree; anything but an object is no mark', async () => {
    const seen: unknown[] = [];
    const spy: Middleware = {
      name: 'spy',
      wrapGenerate: (next, request, context) => {
        seen.push(context.drawnSeed);
        return next(request);
      },
    };
    const wrapped = wrapProvider(mockProvider(), spy);
    const key = Symbol.for('pictor.drawnSeed');
    await wrapped.generate({ prompt: 'a', seed: 4 }, { [key]: { seed: 4, offset: 0 } } as CallOptions);
    await wrapped.generate({ prompt: 'a', seed: 4 }, { [key]: 4 } as CallOptions);
    await wrapped.generate({ prompt: 'a', seed: 4 }, {});
    expect(seen).toEqual([{ seed: 4, offset: 0 }, undefined, undefined]);
  });
});
