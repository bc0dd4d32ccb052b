// `pnpm bench queue`: the BullMQ queue on a real redis-server — throughput with 1, 2 and 4 worker
// processes on a provider with a fixed 100 ms latency (as a ratio to the ideal: workers × 10/s), and
// the latency the queue adds to one job (a 0 ms provider through the queue vs called directly).
import { createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { queued } from '@pictor/queue';
import { startRedis } from '../../packages/queue/test/support/redis-server.js';
import { spawnWorker } from '../../packages/queue/test/support/spawn-worker.js';
import type { BenchFigure } from './harness.js';

const LATENCY_MS = 100;

export default async function bench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  // Redis's default durability (fsync once a second), as a production queue would run.
  const redis = await startRedis({ fsync: 'everysec' });
  try {
    for (const count of [1, 2, 4]) {
      const workers = await Promise.all(
        Array.from({ length: count }, () => spawnWorker(redis.url, LATENCY_MS)),
      );
      const provider = queued(mockProvider(), { queue: { connection: redis.url } });
      const client = createImageClient({ provider });
      const jobs = 30 * count;
      // warm-up: connections and the workers' first job
      await Promise.all(
        Array.from({ length: count }, (_, i) => client.generate({ prompt: `warm ${count} ${i}`, seed: 1 })),
      );
      const start = performance.now();
      await Promise.all(
        Array.from({ length: jobs }, (_, i) => client.generate({ prompt: `job ${count} ${i}`, seed: 1 })),
      );
      const seconds = (performance.now() - start) / 1000;
      const rate = jobs / seconds;
      const ideal = (count * 1000) / LATENCY_MS;
      figures.push({
        name: `throughput, ${count} worker process${count > 1 ? 'es' : ''} (${jobs} jobs, ${LATENCY_MS} ms provider), ratio to ideal`,
        value: rate,
        unit: 'jobs/s',
        baseline: { name: `ideal ${count} × ${1000 / LATENCY_MS}/s`, value: ideal, unit: 'jobs/s' },
        ratio: rate / ideal,
        goal: '≥ 0.9× ideal',
        met: rate / ideal >= 0.9,
      });
      await provider.close();
      await Promise.all(workers.map((w) => w.kill()));
    }

    const [worker] = await Promise.all([spawnWorker(redis.url, 0)]);
    const provider = queued(mockProvider(), { queue: { connection: redis.url } });
    const viaQueue = createImageClient({ provider });
    const direct = createImageClient({ provider: mockProvider() });
    const rounds = 60;
    const queuedMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < 10; i++) await viaQueue.generate({ prompt: `warm latency ${i}`, seed: 1 });
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await viaQueue.generate({ prompt: `latency ${i}`, seed: 1 });
      queuedMs.push(performance.now() - t);
      t = performance.now();
      await direct.generate({ prompt: `latency ${i}`, seed: 1 });
      directMs.push(performance.now() - t);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const added = median(queuedMs) - median(directMs);
    figures.push({
      name: `queue's added latency per job (median of ${rounds} sequential jobs, one worker process)`,
      value: added,
      unit: 'ms',
      baseline: { name: 'the same call without the queue', value: median(directMs), unit: 'ms' },
      goal: '≤ 5 ms',
      met: added <= 5,
    });
    await provider.close();
    await worker!.kill();
  } finally {
    await redis.dispose();
  }
  return figures;
}
