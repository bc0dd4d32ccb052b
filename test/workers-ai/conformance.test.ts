// The provider conformance suite for every Workers AI image model, over real HTTP against the fake.
// The two SD 1.5 models are edit-only; the suite drives them through `edit` with a real input image
// (see `asGenerate`), since the suite itself calls `generate`.
import { type EditRequest, encodePng, type ImageProvider } from '@pictor/core';
import { createWorkersAI, workersAIModels } from '@pictor/workers-ai';
import { describeConformance } from '../conformance/index.js';
import { type FakeWorkersAI, startFakeWorkersAI } from '../fake-workers-ai/index.js';

async function squarePng(size: number, value: number): Promise<Uint8Array> {
  return encodePng({ width: size, height: size, data: new Uint8Array(size * size * 4).fill(value) });
}

/** An edit-only model seen through `generate`: each call edits a fixed input image. */
function asGenerate(provider: ImageProvider, base: Omit<EditRequest, 'prompt'>): ImageProvider {
  return {
    ...provider,
    capabilities: { ...provider.capabilities, generate: true },
    generate: (request, options) => provider.edit!({ ...base, ...request }, options),
  };
}

for (const model of workersAIModels) {
  describeConformance(`workers-ai ${model.id} (REST)`, async () => {
    const fakes: FakeWorkersAI[] = [];
    const start = async () => {
      const fake = await startFakeWorkersAI();
      fakes.push(fake);
      return fake;
    };
    const fake = await start();
    const editBase = model.capabilities.generate
      ? undefined
      : {
          mode: model.capabilities.editModes[0]!,
          image: await squarePng(256, 200),
          ...(model.capabilities.editModes[0] === 'inpaint' ? { mask: await squarePng(256, 255) } : {}),
        };
    const view = (provider: ImageProvider) => (editBase ? asGenerate(provider, editBase) : provider);
    return {
      provider: view(createWorkersAI(fake.settings)(model.id)),
      request: { prompt: 'a red apple' },
      secrets: [fake.token, 'wrong-token-0123456789'],
      failing: () =>
        view(createWorkersAI({ ...fake.settings, apiToken: 'wrong-token-0123456789' })(model.id)),
      slow: async () => {
        const slowFake = await start();
        slowFake.setBehaviour({ type: 'delay', ms: 2_000 });
        return view(createWorkersAI(slowFake.settings)(model.id));
      },
      cleanup: async () => {
        await Promise.all(fakes.map((f) => f.close()));
      },
    };
  });
}
