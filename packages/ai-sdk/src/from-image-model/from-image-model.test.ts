import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import {
  AuthenticationError,
  createImageClient,
  encodePng,
  ProviderError,
  RateLimitError,
} from '@pictor/core';
import { describe, expect, it } from 'vitest';
import type { AISDKImageCallOptions, AISDKImageModel } from '../ai-sdk-spec.js';
import { fromImageModel } from './from-image-model.js';

const png = encodePng({ width: 40, height: 24, data: new Uint8Array(40 * 24 * 4).fill(90) });

/** A hand-written AI SDK model of the given spec version (as third-party providers write them). */
function model(
  version: 'v2' | 'v3' | 'v4',
  behaviour: (options: AISDKImageCallOptions) => unknown = () => undefined,
  extra: object = {},
) {
  const calls: AISDKImageCallOptions[] = [];
  const value = {
    specificationVersion: version,
    provider: 'acme.image',
    modelId: 'acme-1',
    maxImagesPerCall: 2,
    ...extra,
    async doGenerate(options: AISDKImageCallOptions) {
      calls.push(options);
      const thrown = behaviour(options);
      if (thrown) throw thrown;
      const bytes = await png;
      const base64 = Buffer.from(bytes).toString('base64');
      return {
        images: version === 'v2' ? [base64] : [bytes],
        warnings:
          version === 'v2'
            ? [{ type: 'unsupported-setting', setting: 'seed' }]
            : [{ type: 'compatibility', feature: 'size', details: 'rounded' }],
        providerMetadata: { acme: { images: [{ id: 'img-1' }], requestId: 'r1' } },
        response: { timestamp: new Date(), modelId: 'acme-1', headers: undefined },
        usage: { inputTokens: 3, outputTokens: undefined, totalTokens: 3 },
      };
    },
  } as AISDKImageModel;
  return { value, calls };
}

describe('fromImageModel', () => {
  it('rejects what is not an AI SDK image model, naming the argument', () => {
    expect(() => fromImageModel({ specificationVersion: 'v9' } as never)).toThrow(/model/);
  });

  it('wraps a V2 model: base64 → bytes sniffed for type and size, unsupported-setting → unsupported, metadata per image', async () => {
    const { value, calls } = model('v2');
    const provider = fromImageModel(value);
    expect(provider.provider).toBe('ai-sdk-acme');
    expect(provider.capabilities).toMatchObject({
      maxImagesPerCall: 2,
      seed: true,
      negativePrompt: false,
      editModes: [],
    });
    const result = await createImageClient({ provider }).generate({
      prompt: 'p',
      width: 80,
      height: 64,
      seed: 5,
    });
    expect(calls[0]).toMatchObject({ prompt: 'p', n: 1, size: '80x64', seed: 5, aspectRatio: undefined });
    expect(result.images[0]).toMatchObject({ mediaType: 'image/png', width: 40, height: 24, seed: 5 });
    expect(result.images[0]!.annotations['ai-sdk']).toEqual({
      provider: 'acme.image',
      modelId: 'acme-1',
      providerMetadata: { acme: { id: 'img-1' } },
    });
    expect(result.warnings).toContainEqual({ type: 'unsupported', field: 'seed' });
    expect(result.usage).toEqual({ inputTokens: 3, totalTokens: 3 });
  });

  it('V4 flags give edit modes; an edit sends files and mask as bytes with their media type', async () => {
    const { value, calls } = model('v4', undefined, { supportsFileInputs: true, supportsMaskInputs: true });
    const provider = fromImageModel(value);
    expect(provider.capabilities.editModes).toEqual(['img2img', 'inpaint', 'reference']);
    const image = await png;
    const result = await createImageClient({ provider }).edit({
      mode: 'inpaint',
      prompt: 'fill',
      image,
      mask: image,
    });
    expect(calls[0]!.files).toEqual([{ type: 'file', mediaType: 'image/png', data: image }]);
    expect(calls[0]!.mask).toEqual({ type: 'file', mediaType: 'image/png', data: image });
    expect(result.warnings).toContainEqual({ type: 'other', message: 'size: rounded', source: 'acme.image' });
  });

  it('capabilities override the defaults; a field without a vendor key becomes an unsupported warning', async () => {
    const { value, calls } = model('v3');
    const provider = fromImageModel(value, { capabilities: { negativePrompt: true } });
    const result = await createImageClient({ provider }).generate({ prompt: 'p', negativePrompt: 'n' });
    expect(calls[0]!.providerOptions).toEqual({});
    expect(result.warnings).toContainEqual({
      type: 'unsupported',
      field: 'negativePrompt',
      details: 'this AI SDK provider has no option for it',
    });
  });

  it('maps APICallError by status, with Retry-After; a missing key is an AuthenticationError', async () => {
    const apiError = (statusCode: number, responseHeaders?: Record<string, string>) =>
      new APICallError({
        message: 'failed',
        url: 'https://x',
        requestBodyValues: {},
        statusCode,
        ...(responseHeaders ? { responseHeaders } : {}),
        responseBody: '{"error":"x"}',
      });
    const run = async (error: unknown) => {
      const provider = fromImageModel(model('v3', () => error).value);
      return createImageClient({ provider })
        .generate({ prompt: 'p' })
        .catch((e: unknown) => e);
    };
    const limited = await run(apiError(429, { 'retry-after': '3' }));
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(3000);
    expect(AuthenticationError.isInstance(await run(apiError(401)))).toBe(true);
    const server = await run(apiError(502));
    expect(ProviderError.isInstance(server) && [server.status, server.isRetryable, server.body]).toEqual([
      502,
      true,
      '{"error":"x"}',
    ]);
    const client = await run(apiError(400));
    expect(ProviderError.isInstance(client) && client.isRetryable).toBe(false);
    expect(AuthenticationError.isInstance(await run(new LoadAPIKeyError({ message: 'no key' })))).toBe(true);
  });

  it('calls doGenerate once per call, passing signal and headers', async () => {
    const { value, calls } = model('v3');
    const controller = new AbortController();
    await createImageClient({ provider: fromImageModel(value) }).generate(
      { prompt: 'p' },
      { signal: controller.signal, headers: { 'x-a': '1' } },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.abortSignal).toBe(controller.signal);
    expect(calls[0]!.headers).toEqual({ 'x-a': '1' });
  });
});
