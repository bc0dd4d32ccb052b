import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { readProvenance } from '@pictor/licence-tagging';
import { expect, it } from 'vitest';
import { startFakeVendors } from '../../test/ai-sdk/fake-vendors/index.js';
import { runExample } from '../../test/support/run-example.js';

it('runs both directions: tagged emoji PNGs through generateImage, gpt-image-1 (fake OpenAI) through Pictor middleware', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
  const fake = await startFakeVendors();
  try {
    const run = await runExample(import.meta.dirname, [dir], {
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL('openai'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('emoji-2.png  image/png, seed 8, licence Apache-2.0');
    expect(run.stdout).toContain(
      'openai-1.png  1024×1024 image/png from ai-sdk-openai:gpt-image-1, licence openai/gpt-image-1',
    );
    const emoji = new Uint8Array(await readFile(join(dir, 'emoji-1.png')));
    expect((await readProvenance(emoji)).aiGenerated).toBe(true);
    const openai = new Uint8Array(await readFile(join(dir, 'openai-1.png')));
    expect(readImageInfo(openai)).toEqual({ mediaType: 'image/png', width: 1024, height: 1024 });
    expect((await readProvenance(openai)).fields.aiSystemUsed).toBe('OpenAI GPT Image');
    expect(fake.requestsTo('openai')).toHaveLength(1);
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});
