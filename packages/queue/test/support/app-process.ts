// An app server process for the shared-limit tests: makes `count` calls through a client with a
// shared limit and prints "start <ms>" / "end <ms>" for each call the provider sees.
import { createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { Redis } from 'ioredis';
import { sharedConcurrency, sharedRateLimit } from '../../src/index.js';

const [url, mode, count, limit, windowMs, latency] = process.argv.slice(2);
const redis = new Redis(url!);
const inner = mockProvider({ latencyMs: Number(latency) });
const provider = {
  ...inner,
  generate: async (...args: Parameters<typeof inner.generate>) => {
    process.stdout.write(`start ${Date.now()}\n`);
    try {
      return await inner.generate(...args);
    } finally {
      process.stdout.write(`end ${Date.now()}\n`);
    }
  },
};
const middleware =
  mode === 'rate'
    ? sharedRateLimit(redis, { requests: Number(limit), windowMs: Number(windowMs), key: 'test:rate' })
    : sharedConcurrency(redis, { limit: Number(limit), key: 'test:concurrency' });
const client = createImageClient({ provider, middleware: [middleware] });
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => client.generate({ prompt: `call ${i}`, seed: 1 })),
);
await redis.quit();
