import type { CacheStore } from '@pictor/core';
import type { QueueOptions } from './queue-options.js';
import type { RedisClient } from './redis-client.js';
import { redisStore } from './redis-store.js';

/** The store a queue's results go through: the configured one, or Redis itself. */
export function resultStoreFor(options: QueueOptions, redis: RedisClient): CacheStore {
  return options.resultStore ?? redisStore(redis, { prefix: `pictor:result:${options.name ?? 'pictor'}:` });
}

/** The result key of a job. */
export function resultKeyOf(jobId: string): string {
  return `job-${jobId}`;
}
