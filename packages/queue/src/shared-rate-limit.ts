import { type Middleware, type MiddlewareContext, RateLimitError } from '@pictor/core';
import { abortableSleep } from './abortable-sleep.js';
import type { RedisClient } from './redis-client.js';

// A sliding-window log in one sorted set (member = a request's token, score = when it started, in
// Redis server time) plus a "blocked until" key that a provider's 429 sets for everyone. Returns 0
// when the call may start now, otherwise how many ms to wait.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;
const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1])) end
return until_`;

/** Options of `sharedRateLimit`. */
export interface SharedRateLimitOptions {
  /** Most calls started per window across every process sharing `key`. */
  requests: number;
  /** The window, ms. */
  windowMs: number;
  /** The Redis key prefix shared by the processes. Default `pictor:rate:<provider id>`. */
  key?: string;
  /** How long everyone pauses after a provider's 429 that gave no `Retry-After`, ms. Default 1 000. */
  defaultBlockMs?: number;
}

/**
 * At most `requests` calls start in any `windowMs` across every process using the same Redis and
 * key, so many app servers stay under one account's quota together. A `RateLimitError` from the
 * provider pauses every process for its `Retry-After` (or `defaultBlockMs`), then is rethrown for
 * `retry()` outside to handle. Waiting honours the call's abort signal.
 *
 * @example
 * createImageClient({ provider, middleware: [retry(), sharedRateLimit(redis, { requests: 300, windowMs: 60_000 })] });
 */
export function sharedRateLimit(client: RedisClient, options: SharedRateLimitOptions): Middleware {
  const { requests, windowMs, defaultBlockMs = 1_000 } = options;
  if (!Number.isInteger(requests) || requests < 1)
    throw new RangeError('sharedRateLimit: requests must be a positive integer');
  if (!Number.isInteger(windowMs) || windowMs < 1)
    throw new RangeError('sharedRateLimit: windowMs must be a positive integer');
  async function limited<T>(context: MiddlewareContext, call: () => Promise<T>): Promise<T> {
    const prefix = options.key ?? `pictor:rate:${context.provider}`;
    const token = crypto.randomUUID();
    for (;;) {
      const wait = Number(
        await client.eval(TAKE, 2, `${prefix}:log`, `${prefix}:blocked`, windowMs, requests, token),
      );
      if (wait <= 0) break;
      await abortableSleep(wait, context.signal);
    }
    try {
      return await call();
    } catch (error) {
      if (RateLimitError.isInstance(error)) {
        const blockMs = Math.max(1, Math.round(error.retryAfterMs ?? defaultBlockMs));
        await client.eval(BLOCK, 1, `${prefix}:blocked`, blockMs).catch(() => {});
        context.log('warn', 'rate limited: every process pauses', { blockMs });
      }
      throw error;
    }
  }
  return {
    name: 'shared-rate-limit',
    wrapGenerate: (next, request, context) => limited(context, () => next(request)),
    wrapEdit: (next, request, context) => limited(context, () => next(request)),
  };
}
