import type { Middleware, MiddlewareContext } from '@pictor/core';
import { abortableSleep } from './abortable-sleep.js';
import type { RedisClient } from './redis-client.js';

// A counting semaphore in one Redis sorted set: member = a holder's token, score = when its lease
// ends (Redis server time, so every machine agrees). Expired leases are dropped first, so a process
// that died holding a slot frees it after `leaseMs`; live holders renew their lease.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1`;
const RELEASE = `redis.call('ZREM', KEYS[1], ARGV[1]) return 1`;

/** Options of `sharedConcurrency`. */
export interface SharedConcurrencyOptions {
  /** Most calls in flight at once across every process sharing `key`. */
  limit: number;
  /** The Redis key shared by the processes. Default `pictor:concurrency:<provider id>`. */
  key?: string;
  /** How long a slot is held without renewal before it is freed (a crashed holder), ms. Default 30 000. */
  leaseMs?: number;
  /** How often a waiting call asks again, ms (with jitter). Default 25. */
  pollMs?: number;
}

/**
 * Limits calls in flight across every process and machine that uses the same Redis and key — N app
 * servers sharing one GPU box or one account's concurrency. Waiting calls ask again every `pollMs`
 * (not strictly first-come first-served across processes); an abort removes a waiting call; a
 * process that dies holding a slot frees it after `leaseMs`.
 *
 * @example
 * createImageClient({ provider, middleware: [sharedConcurrency(redis, { limit: 4 })] });
 */
export function sharedConcurrency(client: RedisClient, options: SharedConcurrencyOptions): Middleware {
  const { limit, leaseMs = 30_000, pollMs = 25 } = options;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('sharedConcurrency: limit must be a positive integer');
  if (!Number.isInteger(leaseMs) || leaseMs < 100)
    throw new RangeError('sharedConcurrency: leaseMs must be an integer ≥ 100');
  async function limited<T>(context: MiddlewareContext, call: () => Promise<T>): Promise<T> {
    const key = options.key ?? `pictor:concurrency:${context.provider}`;
    const token = crypto.randomUUID();
    let delay = pollMs;
    while ((await client.eval(ACQUIRE, 1, key, limit, leaseMs, token)) !== 1) {
      await abortableSleep(delay * (0.5 + Math.random()), context.signal);
      delay = Math.min(delay * 1.5, pollMs * 8);
    }
    const renew = setInterval(
      () => void client.eval(RENEW, 1, key, leaseMs, token).catch(() => {}),
      leaseMs / 3,
    );
    renew.unref?.();
    try {
      return await call();
    } finally {
      clearInterval(renew);
      await client.eval(RELEASE, 1, key, token).catch(() => {});
    }
  }
  return {
    name: 'shared-concurrency',
    wrapGenerate: (next, request, context) => limited(context, () => next(request)),
    wrapEdit: (next, request, context) => limited(context, () => next(request)),
  };
}
