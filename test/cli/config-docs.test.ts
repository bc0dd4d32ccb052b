// docs/configuration.md and docs/pictor.config.schema.json are generated from the zod schemas;
// this fails when a schema changed and the docs were not regenerated.
import { readFile } from 'node:fs/promises';
import { pictorConfigSchema } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { generatedConfigDocs } from '../../scripts/gen-config-docs.js';

describe('the configuration reference', () => {
  it('equals what scripts/gen-config-docs.ts generates (run it after changing a schema)', async () => {
    for (const [path, text] of await generatedConfigDocs()) {
      expect(
        await readFile(path, 'utf8'),
        `${path} is stale: node --conditions=@pictor/source --import tsx scripts/gen-config-docs.ts`,
      ).toBe(text);
    }
  });

  it('documents every top-level key and every core middleware', async () => {
    const doc = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const key of Object.keys(pictorConfigSchema.shape))
      if (key !== '$schema') expect(doc).toContain(`| \`${key}\``);
    for (const name of [
      'retry',
      'timeout',
      'cache',
      'concurrency',
      'fallback',
      'hallucination-check',
      'licence-tagging',
    ]) {
      expect(doc).toContain(`### \`${name}\``);
    }
  });
});
