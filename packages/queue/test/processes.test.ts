// Several real worker processes on one real Redis: jobs spread, a killed worker loses nothing, a
// Redis restart is ridden out.
import { createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queued } from '../src/index.js';
import { type RedisServer, startRedis } from './support/redis-server.js';
import { spawnWorker, type WorkerProcess } from './support/spawn-worker.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.dispose();
});

function count(lines: string[], prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines)
    if (line.startsWith(prefix))
      out.set(line.slice(prefix.length), (out.get(line.slice(prefix.length)) ?? 0) + 1);
  return out;
}

describe('worker processes sharing one queue', () => {
  it('spreads jobs over three processes; every image comes back once', async () => {
    const workers = await Promise.all([0, 1, 2].map(() => spawnWorker(server.url, 60)));
    const provider = queued(mockProvider(), { queue: { connection: server.url } });
    try {
      const client = createImageClient({ provider });
      const prompts = Array.from({ length: 24 }, (_, i) => `job ${i}`);
      const results = await Promise.all(prompts.map((prompt) => client.generate({ prompt, seed: 1 })));
      expect(results.every((r) => r.images.length === 1)).toBe(true);
      const done = workers.map((w) => count(w.lines, 'done '));
      const total = done.reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(24);
      for (const m of done) expect(m.size).toBeGreaterThan(0); // each process took some
    } finally {
      await provider.close();
      await Promise.all(workers.map((w) => w.kill()));
    }
  });

  it('a worker killed mid-job: another picks its job up, the caller gets one result', async () => {
    const slow = await spawnWorker(server.url, 3_000, 1_000);
    const provider = queued(mockProvider(), { queue: { connection: server.url } });
    let rescuer: WorkerProcess | undefined;
    try {
      const call = createImageClient({ provider }).generate({ prompt: 'survivor', seed: 2 });
      await slow.waitFor(/^start survivor$/);
      await slow.kill('SIGKILL');
      rescuer = await spawnWorker(server.url, 20, 1_000);
      const result = await call;
      expect(result.images).toHaveLength(1);
      await rescuer.waitFor(/^done survivor$/);
      expect(count(rescuer.lines, 'done ').get('survivor')).toBe(1);
      expect(count(slow.lines, 'done ').get('survivor')).toBeUndefined();
    } finally {
      await provider.close();
      await rescuer?.kill();
    }
  });

  it('Redis restarted during a batch: every call still ends with its image', async () => {
    const workers = await Promise.all([0, 1].map(() => spawnWorker(server.url, 80)));
    const provider = queued(mockProvider(), { queue: { connection: server.url } });
    try {
      const client = createImageClient({ provider });
      const calls = Array.from({ length: 12 }, (_, i) =>
        client.generate({ prompt: `restart ${i}`, seed: 3 }),
      );
      await new Promise((r) => setTimeout(r, 150));
      await server.stop();
      await new Promise((r) => setTimeout(r, 300));
      await server.start();
      const results = await Promise.all(calls);
      expect(results.map((r) => r.images.length)).toEqual(Array(12).fill(1));
    } finally {
      await provider.close();
      await Promise.all(workers.map((w) => w.kill()));
    }
  });
});
