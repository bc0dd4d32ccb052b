// The provider conformance suite for AI SDK models wrapped by fromImageModel: @ai-sdk/fal (FLUX
// schnell) and @ai-sdk/openai (gpt-image-1) over real HTTP against the vendor fakes.
import { createFal } from '@ai-sdk/fal';
import { createOpenAI } from '@ai-sdk/openai';
import { fromImageModel } from '@pictor/ai-sdk';
import { describeConformance } from '../conformance/index.js';
import { type FakeVendors, startFakeVendors } from './fake-vendors/index.js';

describeConformance('ai-sdk @ai-sdk/fal fal-ai/flux/schnell', async () => {
  const fakes: FakeVendors[] = [];
  const start = async () => {
    const fake = await startFakeVendors();
    fakes.push(fake);
    return fake;
  };
  const fake = await start();
  const model = (apiKey: string, baseURL: string) =>
    fromImageModel(createFal({ apiKey, baseURL }).image('fal-ai/flux/schnell'));
  return {
    provider: model(fake.apiKey, fake.baseURL('fal')),
    request: { prompt: 'a red apple', width: 256, height: 256 },
    secrets: [fake.apiKey, 'wrong-key-abcdef012345'],
    failing: () => model('wrong-key-abcdef012345', fake.baseURL('fal')),
    slow: async () => {
      const slowFake = await start();
      slowFake.setBehaviour('fal', { type: 'delay', ms: 2_000 }, 100);
      return model(slowFake.apiKey, slowFake.baseURL('fal'));
    },
    cleanup: async () => {
      await Promise.all(fakes.map((f) => f.close()));
    },
  };
});

describeConformance('ai-sdk @ai-sdk/openai gpt-image-1', async () => {
  const fake = await startFakeVendors();
  const model = (apiKey: string) =>
    fromImageModel(createOpenAI({ apiKey, baseURL: fake.baseURL('openai') }).image('gpt-image-1'));
  return {
    provider: model(fake.apiKey),
    request: { prompt: 'a red apple' },
    secrets: [fake.apiKey, 'sk-wrong-key-abcdef012345'],
    failing: () => model('sk-wrong-key-abcdef012345'),
    cleanup: () => fake.close(),
  };
});
