import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImageInfo } from '@pictor/core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { type FakeWorkersAI, startFakeWorkersAI } from '../../test/fake-workers-ai/index.js';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

let fake: FakeWorkersAI;
let dir: string;
beforeAll(async () => {
  fake = await startFakeWorkersAI();
});
afterAll(() => fake.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('inpaints on Workers AI: image and mask reach the model, the result is written', async () => {
  const config = {
    provider: {
      id: 'workers-ai',
      model: '@cf/runwayml/stable-diffusion-v1-5-inpainting',
      settings: { baseURL: fake.baseURL },
    },
  };
  const run = await runExample([dir], {
    PICTOR_CONFIG: JSON.stringify(config),
    CLOUDFLARE_ACCOUNT_ID: fake.accountId,
    CLOUDFLARE_API_TOKEN: fake.token,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const request = fake.requests.at(-1)!;
  expect(request.model).toBe('@cf/runwayml/stable-diffusion-v1-5-inpainting');
  expect(request.json).toMatchObject({ prompt: 'a bright yellow sun', seed: 1 });
  const body = request.json as { image: number[]; mask: number[] };
  const image = new Uint8Array(await readFile(join(dir, 'before.png')));
  const mask = new Uint8Array(await readFile(join(dir, 'mask.png')));
  expect(Uint8Array.from(body.image)).toEqual(image);
  expect(Uint8Array.from(body.mask)).toEqual(mask);
  expect((await readdir(dir)).sort()).toEqual(['after.png', 'before.png', 'mask.png']);
});

it('inpaints with a local ONNX inpainting export (the tiny fixture with the real graph layout)', async () => {
  const folder = fileURLToPath(new URL('../../packages/onnx/test/fixtures/tiny-sd-inpaint', import.meta.url));
  const run = await runExample([dir], { PICTOR_PROVIDER: `onnx:${folder}?ep=cpu` });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/after\.png {2}\d+×\d+ from onnx:/);
  const before = readImageInfo(new Uint8Array(await readFile(join(dir, 'before.png'))));
  const after = readImageInfo(new Uint8Array(await readFile(join(dir, 'after.png'))));
  expect([after.width, after.height]).toEqual([before.width, before.height]);
});
