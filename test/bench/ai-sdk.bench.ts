// Per-call overhead of the @pictor/ai-sdk adapters, each against the thing it wraps, side by side:
// - toImageModel: `model.doGenerate(options)` vs the same Pictor client's `generate(request)`;
// - fromImageModel: the Pictor provider's `generate` vs the AI SDK model's `doGenerate` it calls.
// Both wrapped things answer at once with a prebuilt 64×64 PNG, so the difference is the mapping.
import { fromImageModel, toImageModel } from '@pictor/ai-sdk';
import { createImageClient } from '@pictor/core';
import type { BenchFigure } from './harness.js';
import { instantProvider, sideBySide } from './harness.js';

export default async function run(): Promise<BenchFigure[]> {
  const provider = await instantProvider();
  const png = (await provider.generate({ prompt: 'x' }, {})).images[0]!.bytes;
  const client = createImageClient({ provider });
  const model = toImageModel(client);
  const sdkOptions = {
    prompt: 'a red apple on a table',
    n: 1,
    size: '64x64' as const,
    aspectRatio: undefined,
    seed: 7,
    files: undefined,
    mask: undefined,
    providerOptions: {},
  };
  const pictorRequest = { prompt: 'a red apple on a table', seed: 7, width: 64, height: 64 };

  const aiModel = {
    specificationVersion: 'v3' as const,
    provider: 'bench.image',
    modelId: 'instant',
    maxImagesPerCall: 4,
    doGenerate: async () => ({
      images: [png],
      warnings: [],
      providerMetadata: { bench: { images: [{}] } },
      response: { timestamp: new Date(), modelId: 'instant', headers: undefined },
    }),
  };
  const wrapped = fromImageModel(aiModel);

  const perRound = 2_000;
  const rounds = 10;
  const calls = rounds * perRound;
  const figures: BenchFigure[] = [];
  const cases = [
    {
      name: 'toImageModel: doGenerate overhead per call',
      baselineName: 'the Pictor client’s generate called directly',
      adapter: () => model.doGenerate(sdkOptions),
      direct: () => client.generate(pictorRequest),
    },
    {
      name: 'fromImageModel: generate overhead per call',
      baselineName: 'the AI SDK model’s doGenerate called directly',
      adapter: () => wrapped.generate(pictorRequest, {}),
      direct: () => aiModel.doGenerate(),
    },
  ];
  for (const c of cases) {
    await sideBySide(c.adapter, c.direct, 2, perRound);
    const { aMs, bMs } = await sideBySide(c.adapter, c.direct, rounds, perRound);
    const adapterUs = (aMs / calls) * 1000;
    const directUs = (bMs / calls) * 1000;
    const overhead = adapterUs - directUs;
    figures.push({
      name: c.name,
      value: overhead,
      unit: 'µs',
      baseline: { name: c.baselineName, value: directUs, unit: 'µs' },
      ratio: adapterUs / directUs,
      goal: '≤ 20 µs',
      met: overhead <= 20,
      note: `${calls} calls each, alternating rounds; adapter ${adapterUs.toFixed(2)} µs/call`,
    });
  }
  return figures;
}
