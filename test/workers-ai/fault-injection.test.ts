// The fault-injection suite (2,000 requests, 16 in flight, 10 % faults of every kind) and the
// response bounds one by one: size cap, error bodies, JSON depth, Retry-After, redirects.
import {
  createImageClient,
  InvalidResponseError,
  PictorError,
  ProviderError,
  RateLimitError,
  retry,
} from '@pictor/core';
import { createWorkersAI, ERROR_BODY_BYTES } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, runFaultInjection } from './fault-injection.js';
import { useFakeWorkersAI } from './use-fake.js';

const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';
const SCHNELL = '@cf/black-forest-labs/flux-1-schnell';
const MiB = 1024 * 1024;

describe('fault injection', () => {
  it('2,000 requests, 16 in flight, 10 % faults: every one the right image or a typed error, no leaks', async () => {
    const report = await runFaultInjection({ requests: 2000, inFlight: 16, faultRate: 0.1, seed: 7 });
    expect(report.corrupt).toBe(0);
    expect(report.untyped).toEqual([]);
    expect(report.hangs).toBe(0);
    const typed = Object.values(report.typedErrors).reduce((sum, n) => sum + n, 0);
    expect(report.images + typed).toBe(2000);
    // Retryable faults are retried away; the rest end as typed errors (a few per cent).
    expect(report.images).toBeGreaterThan(1700);
    for (const kind of FAULT_KINDS) expect(report.injected[kind], kind).toBeGreaterThan(0);
    const faults = Object.values(report.injected).reduce((sum, n) => sum + n, 0);
    expect(faults / report.attempts).toBeGreaterThan(0.07);
    expect(faults / report.attempts).toBeLessThan(0.13);
    // Sockets: resets and cut bodies close theirs; what stays open is the two transports' keep-alive pools.
    expect(report.maxOpenSockets).toBeLessThanOrEqual(4 * 16);
    expect(report.finalOpenSockets).toBeLessThanOrEqual(2 * 16 + 2);
    expect(report.memoryAtEnd - report.memoryAtQuarter).toBeLessThan(24 * MiB);
  }, 120_000);
});

describe('response bounds', () => {
  const fake = useFakeWorkersAI();

  it('a Content-Length past the cap is refused at once, before its body is read', async () => {
    for (const http of ['undici', 'fetch'] as const) {
      fake.setBehaviour(
        {
          type: 'raw',
          headers: { 'content-type': 'image/png', 'content-length': String(256 * MiB) },
          body: 'short',
        },
        { times: 1 },
      );
      const viaHttp = createImageClient({ provider: createWorkersAI({ ...fake.settings, http })(SDXL) });
      const error = await viaHttp.generate({ prompt: 'x' }).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/declares 268435456 bytes, over the 67108864-byte limit/);
    }
  });

  it('a body streaming past maxResponseBytes is refused while it streams, on both transports', async () => {
    for (const http of ['undici', 'fetch'] as const) {
      fake.setBehaviour({ type: 'endless', chunkBytes: 64 * 1024 }, { times: 1 });
      const client = createImageClient({
        provider: createWorkersAI({ ...fake.settings, http, maxResponseBytes: MiB })(SDXL),
      });
      const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/past the 1048576-byte limit/);
    }
  });

  it('maxResponseBytes is checked with the settings, naming the field', () => {
    expect(() => createWorkersAI({ ...fake.settings, maxResponseBytes: -1 })).toThrow(/maxResponseBytes/);
  });

  it('error bodies are read to a few KiB only', async () => {
    const big = `{"success":false,"errors":[{"code":7000,"message":"${'x'.repeat(5 * MiB)}"}]}`;
    fake.setBehaviour(
      { type: 'raw', status: 500, headers: { 'content-type': 'application/json' }, body: big },
      { times: 1 },
    );
    const client = createImageClient({ provider: createWorkersAI(fake.settings)(SDXL) });
    const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(ProviderError.isInstance(error), String(error)).toBe(true);
    expect((error as ProviderError).status).toBe(500);
    expect(((error as ProviderError).body ?? '').length).toBeLessThanOrEqual(ERROR_BODY_BYTES);
    expect(((error as ProviderError).body ?? '').length).toBeGreaterThan(1000);
  });

  it('a 50,000-deep JSON answer is a typed InvalidResponseError, on the run seam too', async () => {
    const deep = `{"success":true,"result":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const provider = createWorkersAI(fake.settings);
    for (let i = 0; i < 2; i++)
      fake.setBehaviour(
        { type: 'raw', headers: { 'content-type': 'application/json' }, body: deep },
        { times: 1 },
      );
    const viaSeam = await provider.runner
      .run('@cf/meta/llama-3.1-8b-instruct', { prompt: 'x' })
      .catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(viaSeam), String(viaSeam)).toBe(true);
    expect((viaSeam as Error).message).toMatch(/nests deeper than 64 levels/);
    const viaClient = await createImageClient({ provider: provider(SCHNELL) })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(viaClient), String(viaClient)).toBe(true);
  });

  it('Retry-After negative or garbage falls back to the backoff instead of retrying at once', async () => {
    for (const value of ['-5', 'soon', '1e3']) {
      fake.setBehaviour({ type: 'error', status: 429, code: 3040, retryAfter: value }, { times: 1 });
      const client = createImageClient({
        provider: createWorkersAI(fake.settings)(SDXL),
        middleware: [retry({ initialDelayMs: 200, jitter: 0 })],
      });
      const start = performance.now();
      const result = await client.generate({ prompt: 'x', width: 256, height: 256 });
      expect(result.images).toHaveLength(1);
      expect(performance.now() - start, value).toBeGreaterThanOrEqual(190);
    }
    fake.setBehaviour({ type: 'error', status: 429, code: 3040, retryAfter: '-5' }, { times: 1 });
    const error = await createImageClient({ provider: createWorkersAI(fake.settings)(SDXL) })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it('a redirect is a ProviderError and is never followed, on both transports', async () => {
    for (const http of ['undici', 'fetch'] as const) {
      fake.requests.length = 0;
      fake.setBehaviour(
        {
          type: 'redirect',
          status: 307,
          location: `${fake.baseURL}/accounts/${fake.accountId}/ai/run/${SDXL}`,
        },
        { times: 1 },
      );
      const client = createImageClient({
        provider: createWorkersAI({ ...fake.settings, http })(SDXL),
        middleware: [retry()],
      });
      const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
      expect(ProviderError.isInstance(error), `${http}: ${String(error)}`).toBe(true);
      expect((error as ProviderError).isRetryable).toBe(false);
      expect((error as Error).message).toMatch(/redirect \(HTTP 307\)/);
      expect(PictorError.isInstance(error)).toBe(true);
      expect(fake.requests, http).toHaveLength(1);
    }
  });
});
