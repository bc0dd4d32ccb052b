import { ProviderError } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describeConformance } from '../conformance/index.js';

const secret = 'sk-mock-secret-token-0123456789';

describeConformance('mock provider (step progress)', () => ({
  provider: mockProvider(),
  request: { prompt: 'a red apple', n: 2 },
  secrets: [secret],
  slow: () => mockProvider({ latencyMs: 1_000 }),
  failing: () =>
    mockProvider({
      fail: new ProviderError(`upstream said no`, { status: 500, body: `{"token":"${secret}"}` }),
    }),
}));

describeConformance('mock provider (coarse progress, few features)', () => ({
  provider: mockProvider({
    capabilities: {
      progress: 'coarse',
      seed: false,
      negativePrompt: false,
      steps: undefined,
      guidance: undefined,
      maxImagesPerCall: 1,
    },
  }),
  request: { prompt: 'a cat face', n: 3 },
  slow: () => mockProvider({ latencyMs: 1_000, capabilities: { progress: 'coarse' } }),
}));
