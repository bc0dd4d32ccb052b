import type { CacheStore } from '@pictor/core';
import type { RedisClient } from './redis-client.js';

/** Where a queue lives: a Redis URL or connection options for BullMQ, and the queue's name. */
export interface QueueOptions {
  /** `redis://host:port/db`, or ioredis connection options. */
  connection: string | Record<string, unknown>;
  /** The queue's name. Default `pictor`. */
  name?: string;
  /** Redis key prefix of BullMQ's keys. Default `bull`. */
  prefix?: string;
  /**
   * Where results are kept between the worker and the caller. Default: the same Redis, as binary
   * values (`redisStore`). Pass a shared file store or any `CacheStore` for results larger than you
   * want in Redis. Every process of one queue must use the same store.
   */
  resultStore?: CacheStore;
  /** How long a result stays in the result store, ms. Default 3 600 000 (an hour). */
  resultTtlMs?: number;
}

export const DEFAULT_QUEUE = 'pictor';

/** ioredis options from a URL or an object; BullMQ needs `maxRetriesPerRequest: null` on workers. */
export function connectionOptions(connection: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof connection !== 'string') return { maxRetriesPerRequest: null, ...connection };
  const url = new URL(connection);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new RangeError(`queue.connection: expected a redis:// URL, got ${url.protocol}`);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export type BullModule = typeof import('bullmq');

export async function loadBullmq(): Promise<BullModule> {
  try {
    return await import('bullmq');
  } catch (cause) {
    const { ModelLoadError } = await import('@pictor/core');
    throw new ModelLoadError('bullmq is not installed: pnpm add bullmq ioredis', { cause });
  }
}

export async function redisFromOptions(connection: string | Record<string, unknown>): Promise<RedisClient> {
  const { connectRedis } = await import('./redis-client.js');
  return connectRedis(connectionOptions(connection));
}
