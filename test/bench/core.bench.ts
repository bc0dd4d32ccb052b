// Per-call overhead of the client with three no-op middlewares vs calling the provider directly.
// The provider returns a prebuilt PNG at once, so the difference is the SDK's own work:
// validation, the middleware chain, reading the image header, timings.
import { createImageClient, type Middleware } from '@pictor/core';
import type { BenchFigure } from './harness.js';
import { instantProvider, sideBySide } from './harness.js';

export default async function run(): Promise<BenchFigure[]> {
  const provider = await instantProvider();
  const noop = (name: string): Middleware => ({ name, wrapGenerate: (next, request) => next(request) });
  const client = createImageClient({ provider, middleware: [noop('a'), noop('b'), noop('c')] });
  const request = { prompt: 'a red apple on a table', seed: 7, width: 64, height: 64 };
  const perRound = 2_000;
  const rounds = 10;
  // warm up both paths
  await sideBySide(
    () => client.generate(request),
    () => provider.generate(request, {}),
    2,
    perRound,
  );
  const { aMs, bMs } = await sideBySide(
    () => client.generate(request),
    () => provider.generate(request, {}),
    rounds,
    perRound,
  );
  const calls = rounds * perRound;
  const clientUs = (aMs / calls) * 1000;
  const directUs = (bMs / calls) * 1000;
  const overhead = clientUs - directUs;
  return [
    {
      name: 'client + 3 no-op middlewares: overhead per call',
      value: overhead,
      unit: 'µs',
      baseline: { name: 'provider.generate called directly', value: directUs, unit: 'µs' },
      ratio: clientUs / directUs,
      goal: '< 20 µs',
      met: overhead < 20,
      note: `${calls} calls each, alternating rounds; client ${clientUs.toFixed(2)} µs/call`,
    },
  ];
}
