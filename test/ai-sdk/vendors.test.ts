// The real AI SDK provider packages (ai@6 line) against local fakes of their vendors' APIs, wrapped
// as Pictor providers by fromImageModel and called through a Pictor client: the request bodies the
// packages send, the images Pictor returns (type and size read from the bytes), warnings and errors.
import { createBlackForestLabs } from '@ai-sdk/black-forest-labs';
import { createFal } from '@ai-sdk/fal';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createReplicate } from '@ai-sdk/replicate';
import { fromImageModel } from '@pictor/ai-sdk';
import {
  AuthenticationError,
  ContentFilteredError,
  createImageClient,
  encodePng,
  ProviderError,
  RateLimitError,
  retry,
} from '@pictor/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from './fake-vendors/index.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors();
});
afterAll(() => fake.close());

const last = (vendor: Parameters<FakeVendors['requestsTo']>[0]) => fake.requestsTo(vendor).at(-1)!;

describe('@ai-sdk/openai through fromImageModel', () => {
  const openai = () => createOpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL('openai') });

  it('generates: body has model, prompt, n and size; images are the PNGs the API returned; usage and seed warning pass through', async () => {
    const provider = fromImageModel(openai().image('gpt-image-1'));
    expect(provider.provider).toBe('ai-sdk-openai');
    expect(provider.capabilities.seed).toBe(false);
    const client = createImageClient({ provider });
    const result = await client.generate({ prompt: 'a red apple', width: 1536, height: 1024, n: 2 });
    expect(last('openai').json).toEqual({
      model: 'gpt-image-1',
      prompt: 'a red apple',
      n: 2,
      size: '1536x1024',
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images)
      expect(image).toMatchObject({ mediaType: 'image/png', width: 1536, height: 1024 });
    expect(result.usage).toMatchObject({ inputTokens: 10, outputTokens: 544, totalTokens: 554 });
    expect(result.images[0]!.annotations['ai-sdk']).toMatchObject({
      provider: 'openai.image',
      modelId: 'gpt-image-1',
    });
  });

  it('a size the model does not make is an InvalidRequestError before any request', async () => {
    const before = fake.requestsTo('openai').length;
    const client = createImageClient({ provider: fromImageModel(openai().image('dall-e-3')) });
    await expect(client.generate({ prompt: 'x', width: 512, height: 512 })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'width',
    });
    expect(fake.requestsTo('openai')).toHaveLength(before);
  });

  it('edits with a mask: multipart image + mask + prompt to /images/edits', async () => {
    const client = createImageClient({ provider: fromImageModel(openai().image('gpt-image-1')) });
    const image = await encodePng({
      width: 1024,
      height: 1024,
      data: new Uint8Array(1024 * 1024 * 4).fill(200),
    });
    const result = await client.edit({
      mode: 'inpaint',
      prompt: 'a hat',
      image,
      mask: image,
      width: 1024,
      height: 1024,
    });
    const form = last('openai').form!;
    expect(last('openai').path).toBe('/images/edits');
    expect(form).toMatchObject({ model: 'gpt-image-1', prompt: 'a hat', n: '1', size: '1024x1024' });
    expect(form.image).toMatchObject({ type: 'image/png', size: image.length });
    expect(form.mask).toMatchObject({ type: 'image/png', size: image.length });
    expect(result.images[0]).toMatchObject({ width: 1024, height: 1024 });
  });

  it('maps errors: bad key → AuthenticationError, 429 → RateLimitError with Retry-After, moderation → ContentFilteredError', async () => {
    const wrong = fromImageModel(
      createOpenAI({ apiKey: 'wrong-key-123456', baseURL: fake.baseURL('openai') }).image('gpt-image-1'),
    );
    const authError = await createImageClient({ provider: wrong })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(authError)).toBe(true);
    expect(String((authError as Error).message)).not.toContain('wrong-key-123456');

    const client = createImageClient({ provider: fromImageModel(openai().image('gpt-image-1')) });
    fake.setBehaviour('openai', {
      type: 'error',
      status: 429,
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
      headers: { 'retry-after': '7' },
    });
    const limited = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(7000);

    fake.setBehaviour('openai', { type: 'moderated' });
    expect(
      ContentFilteredError.isInstance(await client.generate({ prompt: 'x' }).catch((e: unknown) => e)),
    ).toBe(true);

    fake.setBehaviour('openai', {
      type: 'error',
      status: 500,
      body: { error: { message: 'The server had an error' } },
    });
    const server = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(ProviderError.isInstance(server) && [server.status, server.isRetryable]).toEqual([500, true]);
  });

  it('only Pictor retries: one doGenerate per attempt, no SDK retry loop underneath', async () => {
    const before = fake.requestsTo('openai').length;
    fake.setBehaviour('openai', { type: 'error', status: 503, body: { error: { message: 'busy' } } }, 2);
    const client = createImageClient({
      provider: fromImageModel(openai().image('gpt-image-1')),
      middleware: [retry({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 })],
    });
    await client.generate({ prompt: 'x' });
    expect(fake.requestsTo('openai').length - before).toBe(3);
  });
});

describe('@ai-sdk/fal through fromImageModel', () => {
  it('sends image_size, num_images, seed and the typed extras under fal’s names; downloads the image URLs', async () => {
    const fal = createFal({ apiKey: fake.apiKey, baseURL: fake.baseURL('fal') });
    const client = createImageClient({ provider: fromImageModel(fal.image('fal-ai/flux/dev')) });
    const result = await client.generate({
      prompt: 'a blue lake',
      width: 768,
      height: 512,
      seed: 7,
      steps: 20,
      guidance: 4,
    });
    expect(last('fal').path).toBe('/fal-ai/flux/dev');
    expect(last('fal').headers.authorization).toBe(`Key ${fake.apiKey}`);
    expect(last('fal').json).toEqual({
      prompt: 'a blue lake',
      seed: 7,
      image_size: { width: 768, height: 512 },
      num_images: 1,
      num_inference_steps: 20,
      guidance_scale: 4,
    });
    expect(fake.requests.at(-1)!.vendor).toBe('files');
    expect(result.images[0]).toMatchObject({ mediaType: 'image/png', width: 768, height: 512, seed: 7 });
    expect(result.images[0]!.annotations['ai-sdk']).toMatchObject({
      providerMetadata: { fal: { width: 768, height: 512, nsfw: false } },
    });
  });

  it('negative prompt goes as negative_prompt for an SDXL model', async () => {
    const fal = createFal({ apiKey: fake.apiKey, baseURL: fake.baseURL('fal') });
    const client = createImageClient({ provider: fromImageModel(fal.image('fal-ai/fast-sdxl')) });
    await client.generate({ prompt: 'a cat', negativePrompt: 'dogs', width: 512, height: 512 });
    expect(last('fal').json).toMatchObject({ prompt: 'a cat', negative_prompt: 'dogs' });
  });
});

describe('@ai-sdk/replicate through fromImageModel', () => {
  it('sends aspect_ratio (not size), seed, num_outputs and num_inference_steps with Prefer: wait', async () => {
    const replicate = createReplicate({ apiToken: fake.apiKey, baseURL: fake.baseURL('replicate') });
    const client = createImageClient({
      provider: fromImageModel(replicate.image('black-forest-labs/flux-schnell')),
    });
    const result = await client.generate({
      prompt: 'a green hill',
      width: 1344,
      height: 768,
      seed: 3,
      steps: 4,
    });
    const sent = last('replicate');
    expect(sent.path).toBe('/models/black-forest-labs/flux-schnell/predictions');
    expect(sent.headers.prefer).toBe('wait');
    expect(sent.json).toEqual({
      input: {
        prompt: 'a green hill',
        aspect_ratio: '16:9',
        seed: 3,
        num_outputs: 1,
        num_inference_steps: 4,
      },
    });
    expect(result.images[0]).toMatchObject({ width: 1344, height: 768 });
    expect(result.warnings).toEqual([]);
  });
});

describe('@ai-sdk/google (Imagen) through fromImageModel', () => {
  it('sends sampleCount and aspectRatio; base64 predictions come back as bytes', async () => {
    const google = createGoogleGenerativeAI({ apiKey: fake.apiKey, baseURL: fake.baseURL('google') });
    const client = createImageClient({ provider: fromImageModel(google.image('imagen-4.0-generate-001')) });
    const result = await client.generate({ prompt: 'a yellow sun', width: 1408, height: 768, n: 2 });
    expect(last('google').path).toBe('/models/imagen-4.0-generate-001:predict');
    expect(last('google').json).toEqual({
      instances: [{ prompt: 'a yellow sun' }],
      parameters: { sampleCount: 2, aspectRatio: '16:9' },
    });
    expect(result.images.map((i) => [i.width, i.height])).toEqual([
      [1408, 768],
      [1408, 768],
    ]);
  });

  it('a filtered result (no images, not retryable) is an InvalidResponseError that retry() leaves alone', async () => {
    const google = createGoogleGenerativeAI({ apiKey: fake.apiKey, baseURL: fake.baseURL('google') });
    fake.setBehaviour('google', { type: 'moderated' });
    const client = createImageClient({ provider: fromImageModel(google.image('imagen-4.0-generate-001')) });
    const error = await client.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response', isRetryable: false });
  });
});

describe('@ai-sdk/black-forest-labs through fromImageModel', () => {
  it('submits width/height as provider options with the aspect ratio, polls, downloads; no size warning', async () => {
    const bfl = createBlackForestLabs({
      apiKey: fake.apiKey,
      baseURL: fake.baseURL('bfl'),
      pollIntervalMillis: 5,
    });
    const client = createImageClient({ provider: fromImageModel(bfl.image('flux-pro-1.1')) });
    const result = await client.generate({ prompt: 'a purple flower', width: 832, height: 640, seed: 11 });
    const submit = fake
      .requestsTo('bfl')
      .find(
        (r) => r.method === 'POST' && r.path === '/flux-pro-1.1' && (r.json as { seed?: number }).seed === 11,
      )!;
    expect(submit.headers['x-key']).toBe(fake.apiKey);
    expect(submit.json).toEqual({
      prompt: 'a purple flower',
      seed: 11,
      aspect_ratio: '13:10',
      width: 832,
      height: 640,
    });
    expect(
      fake.requestsTo('bfl').filter((r) => r.path.startsWith('/get_result')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(result.images[0]).toMatchObject({ width: 832, height: 640 });
    expect(result.warnings).toEqual([]);
    expect(result.images[0]!.annotations['ai-sdk']).toMatchObject({
      providerMetadata: { blackForestLabs: { seed: 11, cost: 4 } },
    });
  });
});
