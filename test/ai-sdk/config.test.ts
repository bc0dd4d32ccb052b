// `ai-sdk:<package>:<model id>` through core's config registry: the provider package is imported
// lazily, the API key comes from the documented variable or a { "env" } reference, and the result is
// a working Pictor client against the vendor fake.
import { createImageClientFromConfig, ModelLoadError, resolveProvider } from '@pictor/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from './fake-vendors/index.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors();
});
afterAll(() => fake.close());

describe('ai-sdk provider strings', () => {
  it('"ai-sdk:@ai-sdk/openai:gpt-image-1" with OPENAI_API_KEY from the environment', async () => {
    const client = await createImageClientFromConfig(
      {
        provider: {
          id: 'ai-sdk',
          model: '@ai-sdk/openai:gpt-image-1',
          settings: { baseURL: fake.baseURL('openai') },
        },
        middleware: [{ use: 'licence-tagging' }],
      },
      { env: { OPENAI_API_KEY: fake.apiKey } },
    );
    expect([client.provider.provider, client.provider.modelId]).toEqual(['ai-sdk-openai', 'gpt-image-1']);
    const result = await client.generate({ prompt: 'a red apple' });
    expect(fake.requestsTo('openai').at(-1)!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(result.images[0]!.annotations['licence-tagging']).toMatchObject({
      licence: { id: 'openai/gpt-image-1' },
    });
  });

  it('a model id with ":" and "/" (fal), the key from a { "env" } reference', async () => {
    const provider = await resolveProvider(
      {
        id: 'ai-sdk',
        model: '@ai-sdk/fal:fal-ai/flux/schnell',
        settings: { apiKey: { env: 'MY_FAL' }, baseURL: fake.baseURL('fal') },
      },
      { env: { MY_FAL: fake.apiKey } },
    );
    expect(provider.modelId).toBe('fal-ai/flux/schnell');
    expect(provider.capabilities.steps).toMatchObject({ max: 12 });
    const client = await createImageClientFromConfig({ provider: 'tfjs:emoji' });
    expect(client).toBeTruthy();
    const result = await provider.generate({ prompt: 'a blue lake', width: 512, height: 512, seed: 1 }, {});
    expect(result.images[0]).toMatchObject({ width: 512, height: 512 });
  });

  it('a missing key is an error naming the field and the variables, before any import or call', async () => {
    const before = fake.requests.length;
    await expect(
      resolveProvider('ai-sdk:@ai-sdk/replicate:black-forest-labs/flux-schnell', { env: {} }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'provider.settings.apiKey',
      message: expect.stringContaining('REPLICATE_API_TOKEN'),
    });
    expect(fake.requests).toHaveLength(before);
  });

  it('a package that is not installed is a ModelLoadError saying what to install', async () => {
    const error = await resolveProvider('ai-sdk:@ai-sdk/luma:photon-1', { env: { LUMA_API_KEY: 'k' } }).catch(
      (e: unknown) => e,
    );
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm install @ai-sdk/luma');
  });

  it('a string without a model id is an error naming the field', async () => {
    await expect(resolveProvider('ai-sdk:@ai-sdk/openai', { env: {} })).rejects.toMatchObject({
      field: 'provider.model',
    });
  });
});
