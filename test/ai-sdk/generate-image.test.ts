// generateImage from ai@6 over Pictor providers — the embedded emoji model, Workers AI against its
// fake — with Pictor middleware, through toImageModel.
import { toImageModel } from '@pictor/ai-sdk';
import { cache, memoryStore, readImageInfo, retry } from '@pictor/core';
import { licenceTagging, readProvenance } from '@pictor/licence-tagging';
import { createTfjs } from '@pictor/tfjs';
import { createWorkersAI } from '@pictor/workers-ai';
import { generateImage } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeWorkersAI, startFakeWorkersAI } from '../fake-workers-ai/index.js';

// The SDK logs each warning to the console; these tests read the warnings from the result instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

type PictorEntry = {
  seed?: number;
  width: number;
  annotations: Record<string, { licence?: { id: string } }>;
};

describe('generateImage over the embedded emoji model', () => {
  const provider = createTfjs({ backend: 'cpu' })('emoji', { size: 64, upscaler: 'nearest' });
  afterAll(() => provider.dispose?.());

  it('returns tagged PNGs; the licence record is in providerMetadata.pictor.images[] for every image', async () => {
    const model = toImageModel(provider, { middleware: [licenceTagging()] });
    const result = await generateImage({ model, prompt: 'a red apple', n: 2, seed: 5 });
    expect(result.images).toHaveLength(2);
    const entries = (result.providerMetadata.pictor as { images: PictorEntry[] }).images;
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.seed)).toEqual([5, 6]);
    for (const [i, image] of result.images.entries()) {
      expect(readImageInfo(image.uint8Array)).toMatchObject({
        mediaType: 'image/png',
        width: 64,
        height: 64,
      });
      const provenance = await readProvenance(image.uint8Array);
      expect(provenance.fields?.aiSystemUsed).toBeTruthy();
      expect(entries[i]!.annotations['licence-tagging']?.licence?.id).toBe('pictor/model-emoji');
    }
  });
});

describe('generateImage over Workers AI (fake) with cache and retry', () => {
  let fake: FakeWorkersAI | undefined;
  afterAll(() => fake?.close());

  it('a rate limit is retried once by Pictor, the repeat call is served from the cache', async () => {
    fake = await startFakeWorkersAI();
    const provider = createWorkersAI(fake.settings)('@cf/black-forest-labs/flux-1-schnell');
    const model = toImageModel(provider, {
      middleware: [
        retry({ maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 }),
        cache({ store: memoryStore() }),
      ],
    });
    fake.setBehaviour({ type: 'error', status: 429, code: 3040 }, { times: 1 });
    const first = await generateImage({
      model,
      prompt: 'a red apple',
      seed: 9,
      size: '512x512',
      maxRetries: 0,
    });
    const second = await generateImage({
      model,
      prompt: 'a red apple',
      seed: 9,
      size: '512x512',
      maxRetries: 0,
    });
    expect(fake.requests).toHaveLength(2);
    expect(second.image.uint8Array).toEqual(first.image.uint8Array);
    expect(readImageInfo(first.image.uint8Array).mediaType).toBe('image/jpeg');
  });
});
