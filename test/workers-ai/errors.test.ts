// Error mapping, retries, truncated / garbage / slow bodies, abort and timeouts, over real HTTP.
import {
  AbortError,
  AuthenticationError,
  createImageClient,
  InvalidRequestError,
  InvalidResponseError,
  PictorError,
  type ProgressEvent,
  ProviderError,
  RateLimitError,
  retry,
  TimeoutError,
  timeout,
} from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';
import type { FakeBehaviour } from '../fake-workers-ai/index.js';
import { useFakeWorkersAI } from './use-fake.js';

const fake = useFakeWorkersAI();

const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';
const SCHNELL = '@cf/black-forest-labs/flux-1-schnell';

function everything(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, i = 0; e && i < 5; i++, e = (e as Error).cause) {
    parts.push(String((e as Error).message), String((e as Error).stack));
    if (PictorError.isInstance(e)) parts.push(JSON.stringify(e.toJSON()), JSON.stringify(e));
  }
  return parts.join('\n');
}

async function failWith(behaviour: FakeBehaviour, model = SDXL): Promise<PictorError> {
  fake.setBehaviour(behaviour, { times: 1 });
  const client = createImageClient({ provider: createWorkersAI(fake.settings)(model) });
  const error = await client.generate({ prompt: 'x', width: 256, height: 256 }).catch((e: unknown) => e);
  expect(PictorError.isInstance(error), String(error)).toBe(true);
  expect(everything(error)).not.toContain(fake.token);
  return error as PictorError;
}

describe('error mapping', () => {
  it('429 / 3040 with Retry-After → retryable RateLimitError with retryAfterMs', async () => {
    const error = await failWith({
      type: 'error',
      status: 429,
      code: 3040,
      message: 'Capacity temporarily exceeded, please try again.',
      retryAfter: '2',
    });
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect(error.isRetryable).toBe(true);
  });

  it('3021 (requests per minute) → RateLimitError; 3036 (daily neurons) → RateLimitError, not retryable, waits until 00:00 UTC', async () => {
    expect(
      RateLimitError.isInstance(
        await failWith({
          type: 'error',
          status: 429,
          code: 3021,
          message: 'rate limiting: inference request per min rate reached',
        }),
      ),
    ).toBe(true);
    const daily = (await failWith({
      type: 'error',
      status: 429,
      code: 3036,
      message: 'account limited',
    })) as RateLimitError;
    expect(RateLimitError.isInstance(daily)).toBe(true);
    expect(daily.isRetryable).toBe(false);
    expect(daily.retryAfterMs).toBeGreaterThan(0);
    expect(daily.retryAfterMs).toBeLessThanOrEqual(86_400_000);
  });

  it('401 (bad token) → AuthenticationError naming the permission, without the token', async () => {
    const client = createImageClient({
      provider: createWorkersAI({ ...fake.settings, apiToken: 'not-the-token-123456' })(SDXL),
    });
    const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Workers AI Read');
    expect(everything(error)).not.toContain('not-the-token-123456');
  });

  it('403 / 5035 → AuthenticationError saying the model needs the Workers Paid plan', async () => {
    const error = await failWith({
      type: 'error',
      status: 403,
      code: 5035,
      message: 'This model requires a Workers Paid plan',
    });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('needs the Workers Paid plan');
  });

  it('5006 → InvalidRequestError with the provider message; 5007 → modelId', async () => {
    const bad = await failWith({
      type: 'error',
      status: 400,
      code: 5006,
      message: "AiError: Bad input: Error: Type mismatch of '/width'",
    });
    expect((bad as InvalidRequestError).field).toBe('width');
    expect(bad.message).toContain("Type mismatch of '/width'");
    const unknown = await failWith({ type: 'error', status: 400, code: 5007, message: 'No such model' });
    expect((unknown as InvalidRequestError).field).toBe('modelId');
  });

  it('5xx → retryable ProviderError with status and code; a token echoed by the server is redacted', async () => {
    const error = await failWith({
      type: 'error',
      status: 503,
      code: 3999,
      message: `upstream failed for Bearer ${fake.token}`,
    });
    expect(ProviderError.isInstance(error)).toBe(true);
    expect([
      (error as ProviderError).status,
      (error as ProviderError).providerCode,
      error.isRetryable,
    ]).toEqual([503, 3999, true]);
    expect(error.message).toContain('[REDACTED]');
  });

  it('a body cut off mid-way → retryable ProviderError, never an image', async () => {
    const error = await failWith({ type: 'truncate' });
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    const json = await failWith({ type: 'truncate' }, SCHNELL);
    expect(json.isRetryable).toBe(true);
  });

  it('garbage bodies → InvalidResponseError', async () => {
    expect(InvalidResponseError.isInstance(await failWith({ type: 'garbage' }))).toBe(true);
    expect(
      InvalidResponseError.isInstance(
        await failWith({ type: 'garbage', contentType: 'application/json', body: '{"result": ' }, SCHNELL),
      ),
    ).toBe(true);
    expect(
      InvalidResponseError.isInstance(
        await failWith(
          {
            type: 'garbage',
            contentType: 'application/json',
            body: '{"result":{"image":"%%%"},"success":true}',
          },
          SCHNELL,
        ),
      ),
    ).toBe(true);
    const truncatedPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB', 'base64').toString('base64');
    expect(
      InvalidResponseError.isInstance(
        await failWith(
          {
            type: 'garbage',
            contentType: 'application/json',
            body: JSON.stringify({ result: { image: truncatedPng }, success: true }),
          },
          SCHNELL,
        ),
      ),
    ).toBe(true);
  });

  it('a network failure (nothing listening) → retryable ProviderError', async () => {
    const client = createImageClient({
      provider: createWorkersAI({ ...fake.settings, baseURL: 'http://127.0.0.1:9/client/v4' })(SDXL),
    });
    const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).isRetryable).toBe(true);
  });
});

describe('retries, abort and timeouts', () => {
  it('retry() recovers from a 429 honouring Retry-After, and from a 502', async () => {
    fake.setBehaviour(
      { type: 'error', status: 429, code: 3040, message: 'busy', retryAfter: '0.05' },
      { times: 1 },
    );
    fake.setBehaviour({ type: 'error', status: 502, code: 1000, message: 'bad gateway' }, { times: 1 });
    const events: ProgressEvent[] = [];
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)(SDXL),
      middleware: [retry({ maxRetries: 3, initialDelayMs: 10 })],
    });
    const result = await client.generate(
      { prompt: 'x', width: 256, height: 256 },
      { onProgress: (e) => events.push(e) },
    );
    expect(result.images).toHaveLength(1);
    expect(fake.requests).toHaveLength(3);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries[1]).toMatchObject({ delayMs: 50 });
  });

  it('retry() does not retry a 5006', async () => {
    fake.setBehaviour({ type: 'error', status: 400, code: 5006, message: 'AiError: Bad input' });
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)(SDXL),
      middleware: [retry({ maxRetries: 3, initialDelayMs: 1 })],
    });
    await expect(client.generate({ prompt: 'x' })).rejects.toSatisfy((e) =>
      InvalidRequestError.isInstance(e),
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('abort while the body is arriving → AbortError', async () => {
    fake.setBehaviour({ type: 'slow-body', ms: 2_000 });
    const controller = new AbortController();
    const client = createImageClient({ provider: createWorkersAI(fake.settings)(SDXL) });
    const events: ProgressEvent[] = [];
    const pending = client.generate(
      { prompt: 'x' },
      { signal: controller.signal, onProgress: (e) => events.push(e) },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toSatisfy((e) => AbortError.isInstance(e));
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('a hanging server under timeout() → retryable TimeoutError, retried by retry() outside it', async () => {
    fake.setBehaviour({ type: 'hang' }, { times: 1 });
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)(SDXL),
      middleware: [retry({ maxRetries: 1, initialDelayMs: 1 }), timeout(200)],
    });
    const result = await client.generate({ prompt: 'x', width: 256, height: 256 });
    expect(result.images).toHaveLength(1);
    fake.setBehaviour({ type: 'hang' }, { times: 1 });
    const once = createImageClient({
      provider: createWorkersAI(fake.settings)(SDXL),
      middleware: [timeout(150)],
    });
    await expect(once.generate({ prompt: 'x' })).rejects.toSatisfy((e) => TimeoutError.isInstance(e));
  });
});
