// @pictor/queue — Pictor past one machine: shared cache and limits in Redis, a BullMQ job queue.

export { deserializeError, type SerializedError, serializeError } from './error-codec.js';
export type { QueueOptions } from './queue-options.js';
// The job queue: callers enqueue, workers run.
export { type QueuedOptions, type QueuedProvider, queued } from './queued.js';
// A Redis connection from a URL (ioredis, loaded on first use).
export { connectRedis, type RedisClient } from './redis-client.js';
// Cache store in Redis (binary values, TTL, many processes).
export { type RedisStoreOptions, redisStore } from './redis-store.js';
// One binary form of a result, and typed errors across processes.
export { decodeResult, encodeResult } from './result-codec.js';
// Limits shared by every process using the same Redis.
export { type SharedConcurrencyOptions, sharedConcurrency } from './shared-concurrency.js';
export { type SharedRateLimitOptions, sharedRateLimit } from './shared-rate-limit.js';
export { createWorker, type PictorWorker, type WorkerOptions } from './worker.js';

/** The package version. */
export const VERSION = '0.1.0';
