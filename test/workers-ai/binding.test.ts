// The binding path inside real workerd (miniflare): a Worker that imports @pictor/core and
// @pictor/workers-ai (bundled from source with esbuild) generates images through an `AI` binding.
// The binding is a wrapped-binding module that behaves like env.AI, backed by the fake server.
import { fileURLToPath } from 'node:url';
import { encodePng } from '@pictor/core';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_AI_BINDING_MODULE, type FakeWorkersAI, startFakeWorkersAI } from '../fake-workers-ai/index.js';
import { bundleWorker } from '../support/bundle-worker.js';
import type { WorkerCall } from './worker/binding-worker.js';

let fake: FakeWorkersAI;
let mf: Miniflare;

async function bundleBindingWorker(): Promise<string> {
  const { code } = await bundleWorker(fileURLToPath(new URL('./worker/binding-worker.ts', import.meta.url)));
  // Nothing Node-only at load time: no static imports at all, and no undici inside (@pictor/workers-ai
  // hides undici from bundlers).
  if (/^import\s/m.test(code) || code.includes('undici/lib'))
    throw new Error('the Worker bundle pulls in Node-only code');
  return code;
}

async function call(body: WorkerCall): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  fake = await startFakeWorkersAI();
  const script = await bundleBindingWorker();
  mf = new Miniflare({
    workers: [
      {
        name: 'app',
        // Listed explicitly: the bundle's lazy imports (node:module for optional packages, undici for a
        // dispatcher) are never taken in a Worker and must not be resolved at load time.
        modules: [{ type: 'ESModule', path: 'worker.mjs', contents: script }],
        compatibilityDate: '2026-04-01',
        wrappedBindings: {
          AI: {
            scriptName: 'fake-ai',
            bindings: { FAKE_URL: fake.url, ACCOUNT: fake.accountId, TOKEN: fake.token },
          },
        },
      },
      { name: 'fake-ai', modules: true, script: FAKE_AI_BINDING_MODULE },
    ],
  });
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await fake?.close();
}, 60_000);

beforeEach(() => {
  fake.requests.length = 0;
  fake.setBehaviour(null);
});

describe('inside workerd through the AI binding', () => {
  it('SDXL: the binding returns a ReadableStream of PNG bytes; sizes and seed are honoured', async () => {
    const { status, json } = await call({
      model: '@cf/stabilityai/stable-diffusion-xl-base-1.0',
      prompt: 'a green hill',
      width: 320,
      height: 256,
      seed: 5,
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({
      mediaType: 'image/png',
      width: 320,
      height: 256,
      seed: 5,
      head: [0x89, 0x50, 0x4e, 0x47],
    });
    expect(json.events).toEqual(['queued', 'request', 'response', 'decoding', 'done']);
    expect(json.metadata).toEqual({ 'workers-ai': { transport: 'binding' } });
    expect(fake.requests[0]!.json).toEqual({ prompt: 'a green hill', width: 320, height: 256, seed: 5 });
  });

  it('flux-1-schnell: the bare { image: base64 } object; seed dropped with a warning', async () => {
    const { status, json } = await call({
      model: '@cf/black-forest-labs/flux-1-schnell',
      prompt: 'a red kite',
      seed: 1,
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({ mediaType: 'image/jpeg', width: 1024, height: 1024 });
    expect(json.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'seed' }));
    expect(fake.requests[0]!.json).toEqual({ prompt: 'a red kite' });
  });

  it('FLUX.2 klein: FormData through the binding, with a reference image', async () => {
    const reference = await encodePng({ width: 32, height: 32, data: new Uint8Array(32 * 32 * 4).fill(90) });
    const { status, json } = await call({
      model: '@cf/black-forest-labs/flux-2-klein-4b',
      prompt: 'like image 0',
      width: 512,
      height: 512,
      reference: Buffer.from(reference).toString('base64'),
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({ mediaType: 'image/png', width: 512, height: 512 });
    expect(fake.requests[0]!.form).toMatchObject({
      prompt: 'like image 0',
      width: '512',
      input_image_0: { size: reference.length, type: 'image/png' },
    });
  });

  it('a binding "3040: …" error is a RateLimitError, retried by retry() inside the Worker', async () => {
    fake.setBehaviour(
      { type: 'error', status: 429, code: 3040, message: 'Capacity temporarily exceeded, please try again.' },
      { times: 1 },
    );
    const { status, json } = await call({
      model: '@cf/leonardo/phoenix-1.0',
      prompt: 'x',
      width: 256,
      height: 256,
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.mediaType).toBe('image/jpeg');
    expect(fake.requests).toHaveLength(2);
    fake.setBehaviour({
      type: 'error',
      status: 400,
      code: 5006,
      message: "AiError: Bad input: Error: Type mismatch of '/width'",
    });
    const failed = await call({ model: '@cf/leonardo/phoenix-1.0', prompt: 'x' });
    expect(failed.json.error).toMatchObject({ code: 'invalid_request', isRetryable: false });
    expect(String((failed.json.error as { message: string }).message)).toContain('width');
  });

  it('FLUX.2 with the gateway option fails with the clear known-issue message', async () => {
    const { json } = await call({
      model: '@cf/black-forest-labs/flux-2-dev',
      prompt: 'x',
      gateway: 'default',
    });
    expect(json.error).toMatchObject({ code: 'provider_error', isRetryable: false });
    expect(String((json.error as { message: string }).message)).toMatch(/fail through AI Gateway/);
  });

  it('the asynchronous batch API: queueRequest through the binding, then polls until the responses', async () => {
    const { status, json } = await call({
      model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
      prompt: '',
      batch: ['one', 'two'],
    });
    expect(status).toBe(200);
    expect(json.polls).toEqual(['queued', 'running']);
    expect(json.responses).toEqual([
      {
        id: 0,
        success: true,
        result: expect.objectContaining({ response: expect.any(String) }),
        externalReference: 'p0',
      },
      {
        id: 1,
        success: true,
        result: expect.objectContaining({ response: expect.any(String) }),
        externalReference: 'p1',
      },
    ]);
  });

  it('text models stream SSE through the binding', async () => {
    const { json } = await call({ model: '@cf/meta/llama-3.1-8b-instruct', prompt: 'hi', text: true });
    expect(json.text).toBe('Hello from the fake Workers AI.');
  });
});
