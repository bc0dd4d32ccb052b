// The built `pictor` command with `-p ai-sdk:…`: @ai-sdk/openai against the fake OpenAI API.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { readProvenance } from '@pictor/licence-tagging';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from '../ai-sdk/fake-vendors/index.js';
import { ensureBuilt, runCli } from './built-cli.js';

let fake: FakeVendors;
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  fake = await startFakeVendors();
  dir = await mkdtemp(join(tmpdir(), 'pictor-e2e-'));
}, 600_000);
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

it('pictor generate -p ai-sdk:@ai-sdk/openai:gpt-image-1 writes a tagged PNG, key from OPENAI_API_KEY', async () => {
  const env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL('openai') };
  const run = await runCli(
    [
      'generate',
      'a red apple',
      '-p',
      'ai-sdk:@ai-sdk/openai:gpt-image-1',
      '--tag',
      '-o',
      'apple.png',
      '--json',
    ],
    { cwd: dir, env },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({
    ok: true,
    provider: 'ai-sdk-openai',
    modelId: 'gpt-image-1',
  });
  const bytes = new Uint8Array(await readFile(join(dir, 'apple.png')));
  expect(readImageInfo(bytes)).toEqual({ mediaType: 'image/png', width: 1024, height: 1024 });
  expect((await readProvenance(bytes)).fields.aiSystemUsed).toBe('OpenAI GPT Image');
  expect(fake.requestsTo('openai').at(-1)!.json).toMatchObject({
    model: 'gpt-image-1',
    prompt: 'a red apple',
  });
  expect(run.stdout).not.toContain(fake.apiKey);
});

it('without the key: a usage error naming the variable, no request', async () => {
  const before = fake.requests.length;
  const run = await runCli(['generate', 'x', '-p', 'ai-sdk:@ai-sdk/openai:gpt-image-1', '-o', 'x.png'], {
    cwd: dir,
    env: { OPENAI_API_KEY: '' },
  });
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('OPENAI_API_KEY');
  expect(fake.requests).toHaveLength(before);
});
