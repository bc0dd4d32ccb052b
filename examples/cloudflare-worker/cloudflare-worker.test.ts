// Runs the Worker inside real workerd (miniflare); its AI binding is backed by the fake Workers AI server.
import { fileURLToPath } from 'node:url';
import { readImageInfo } from '@pictor/core';
import { readProvenance } from '@pictor/licence-tagging';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  FAKE_AI_BINDING_MODULE,
  type FakeWorkersAI,
  startFakeWorkersAI,
} from '../../test/fake-workers-ai/index.js';
import { bundleWorker } from '../../test/support/bundle-worker.js';

let fake: FakeWorkersAI;
let mf: Miniflare;

beforeAll(async () => {
  fake = await startFakeWorkersAI();
  const bundle = await bundleWorker(fileURLToPath(new URL('./src/index.ts', import.meta.url)));
  mf = new Miniflare({
    workers: [
      {
        name: 'app',
        modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.code }],
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
});

it('answers with a tagged image made through the AI binding', async () => {
  const response = await mf.dispatchFetch('http://worker/?prompt=a+red+kite&seed=7');
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(response.headers.get('content-type')).toBe(readImageInfo(bytes).mediaType);
  expect(response.headers.get('x-seed')).toBe('7');
  expect(fake.requests.at(-1)).toMatchObject({
    model: '@cf/bytedance/stable-diffusion-xl-lightning',
    json: { prompt: 'a red kite', seed: 7 },
  });
  const provenance = readProvenance(bytes);
  expect(provenance.aiGenerated).toBe(true);
  expect(provenance.fields).toMatchObject({
    provider: 'workers-ai',
    model: '@cf/bytedance/stable-diffusion-xl-lightning',
  });
});

it('an empty prompt is a 400 naming the field, and no model call is made', async () => {
  const before = fake.requests.length;
  const response = await mf.dispatchFetch('http://worker/?prompt=');
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({
    error: { code: 'invalid_request', message: expect.stringMatching(/^prompt: /) },
  });
  expect(fake.requests.length).toBe(before);
});

it('a capacity error is retried inside the Worker', async () => {
  fake.setBehaviour(
    { type: 'error', status: 429, code: 3040, message: 'Capacity temporarily exceeded, please try again.' },
    { times: 1 },
  );
  const before = fake.requests.length;
  const response = await mf.dispatchFetch('http://worker/?prompt=a+boat');
  expect(response.status).toBe(200);
  expect(fake.requests.length - before).toBe(2);
});
