import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeWorkersAI, startFakeWorkersAI } from '../../test/fake-workers-ai/index.js';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the same code, three config files', () => {
  it('configs/emoji-tfjs.json: the embedded model on TensorFlow.js', async () => {
    const run = await runExample(['configs/emoji-tfjs.json', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/star-tfjs\.png {2}32×32 image\/png from tfjs:emoji/);
  });

  it('configs/emoji-onnx.json: the same weights on ONNX Runtime', async () => {
    const run = await runExample(['configs/emoji-onnx.json', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/star-onnx\.png {2}32×32 image\/png from onnx:emoji/);
    expect(readImageInfo(new Uint8Array(await readFile(join(dir, 'star-onnx.png'))))).toMatchObject({
      width: 32,
      height: 32,
    });
  });

  describe('configs/workers-ai.json against the fake Workers AI server', () => {
    let fake: FakeWorkersAI;
    beforeAll(async () => {
      fake = await startFakeWorkersAI();
    });
    afterAll(() => fake.close());

    it('reads credentials from the environment and calls the model with the request', async () => {
      const config = JSON.parse(
        await readFile(new URL('./configs/workers-ai.json', import.meta.url), 'utf8'),
      );
      config.provider.settings.baseURL = fake.baseURL;
      await writeFile(join(dir, 'workers-ai.json'), JSON.stringify(config));
      const run = await runExample([join(dir, 'workers-ai.json'), dir], {
        CLOUDFLARE_ACCOUNT_ID: fake.accountId,
        CLOUDFLARE_API_TOKEN: fake.token,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /star-workers-ai\.png .* from workers-ai:@cf\/stabilityai\/stable-diffusion-xl-base-1\.0/,
      );
      expect(fake.requests.at(-1)!.json).toMatchObject({ prompt: 'a yellow star', seed: 42 });
      expect(await readdir(dir)).toContain('star-workers-ai.png');
    });

    it('without the token, fails naming the setting and the variable', async () => {
      const config = JSON.parse(
        await readFile(new URL('./configs/workers-ai.json', import.meta.url), 'utf8'),
      );
      config.provider.settings.baseURL = fake.baseURL;
      await writeFile(join(dir, 'workers-ai.json'), JSON.stringify(config));
      const run = await runExample([join(dir, 'workers-ai.json'), dir], {
        CLOUDFLARE_ACCOUNT_ID: fake.accountId,
        CLOUDFLARE_API_TOKEN: '',
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(
        'provider.settings.apiToken: environment variable CLOUDFLARE_API_TOKEN is not set',
      );
    });
  });
});
