import {
  AbortError,
  type CallOptions,
  cacheKey,
  type EditRequest,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidResponseError,
} from '@pictor/core';
import { decodeFailure } from './error-codec.js';
import { fromJobProgress, type JobData, type JobResult, toJobRequest } from './job-data.js';
import {
  connectionOptions,
  DEFAULT_QUEUE,
  loadBullmq,
  type QueueOptions,
  redisFromOptions,
} from './queue-options.js';
import type { RedisClient } from './redis-client.js';
import { resultStoreFor } from './result-store.js';
import { injectTraceContext } from './trace-context.js';

/** Options of `queued`. */
export interface QueuedOptions {
  /** The queue the jobs go to (workers started with `createWorker` on the same queue run them). */
  queue: QueueOptions;
  /**
   * How long a finished job is kept so an identical request arriving just after it is answered
   * from it, seconds. Default 60.
   */
  keepCompletedSeconds?: number;
}

/** A provider whose calls run on a worker, wherever it is; `close()` ends its Redis connections. */
export interface QueuedProvider extends ImageProvider {
  close(): Promise<void>;
}

async function openQueue(options: QueueOptions, name: string) {
  const bull = await loadBullmq();
  const connection = connectionOptions(options.connection);
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new bull.Queue(name, { connection, ...prefix });
  queue.setMaxListeners(0); // each waiting call listens for the queue closing
  const events = new bull.QueueEvents(name, { connection, ...prefix });
  events.setMaxListeners(0);
  await events.waitUntilReady();
  const redis: RedisClient = await redisFromOptions(options.connection);
  return { queue, events, redis };
}

const WAITERS = `
local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
if n <= 0 then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], 86400000) end
return n`;

/**
 * A provider whose `generate` and `edit` enqueue a BullMQ job and resolve with the worker's result:
 * many app servers share one GPU box (or one account's limits). The job id is the call's cache key,
 * so identical requests in flight become one job; progress events are relayed from the worker; an
 * abort removes a waiting job (when no other caller waits on it) or cancels a running one; a typed
 * error on the worker comes back as the same typed error. `provider` supplies the id, model and
 * capabilities (the client validates against them); it is never called here.
 *
 * @example
 * const gpu = queued(onnx('./models/sd-turbo'), { queue: { connection: 'redis://gpu-box:6379' } });
 * const client = createImageClient({ provider: gpu, middleware: [retry()] });
 */
export function queued(provider: ImageProvider, options: QueuedOptions): QueuedProvider {
  const name = options.queue.name ?? DEFAULT_QUEUE;
  const keepSeconds = options.keepCompletedSeconds ?? 60;
  let connected: ReturnType<typeof openQueue> | undefined;
  const connect = () => {
    connected ??= openQueue(options.queue, name);
    return connected;
  };

  async function run(
    operation: 'generate' | 'edit',
    request: GenerateRequest | EditRequest,
    callOptions: CallOptions,
  ): Promise<ImageResult> {
    const signal = callOptions.signal;
    if (signal?.aborted) throw new AbortError();
    const { queue, events, redis } = await connect();
    const jobId = `p${await cacheKey(provider.provider, provider.modelId, operation, request)}`;
    const data: JobData = {
      operation,
      provider: provider.provider,
      modelId: provider.modelId,
      request: toJobRequest(request),
      ...(await injectTraceContext()),
    };
    const waitersKey = `pictor:waiters:${name}:${jobId}`;
    await redis.eval(WAITERS, 1, waitersKey, 1);
    let settled = false;
    const onProgress = ({ jobId: id, data: progress }: { jobId: string; data: unknown }) => {
      if (id !== jobId || settled) return;
      const event = fromJobProgress(progress);
      if (event) callOptions.onProgress?.(event);
    };
    events.on('progress', onProgress);
    try {
      const job = await queue.add(operation, data, {
        jobId,
        attempts: 1,
        removeOnComplete: { age: keepSeconds },
        removeOnFail: true,
      });
      callOptions.onProgress?.({ type: 'queued', provider: provider.provider, modelId: provider.modelId });
      const finished = job.waitUntilFinished(events) as Promise<JobResult>;
      const outcome = await new Promise<JobResult>((resolve, reject) => {
        const onAbort = () => reject(new AbortError());
        signal?.addEventListener('abort', onAbort, { once: true });
        finished
          .then(resolve, (error: unknown) =>
            reject(decodeFailure(error instanceof Error ? error.message : String(error), provider.provider)),
          )
          .finally(() => signal?.removeEventListener('abort', onAbort));
      }).catch(async (error: unknown) => {
        finished.catch(() => {});
        if (AbortError.isInstance(error)) await cancel(jobId, waitersKey);
        throw error;
      });
      const store = resultStoreFor(options.queue, redis);
      const entry = await store.get(outcome.resultKey);
      if (!entry)
        throw new InvalidResponseError(`queued job ${jobId}: its result is no longer in the result store`);
      return entry.result;
    } finally {
      settled = true;
      events.off('progress', onProgress);
      if (!signal?.aborted) await redis.eval(WAITERS, 1, waitersKey, -1).catch(() => {});
    }
  }

  /** The last caller to give up on a job removes it if it is still waiting, or cancels it if running. */
  async function cancel(jobId: string, waitersKey: string): Promise<void> {
    const { queue, redis } = await connect();
    const left = Number(await redis.eval(WAITERS, 1, waitersKey, -1).catch(() => 1));
    if (left > 0) return;
    const job = await queue.getJob(jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized')
      await job.remove().catch(() => {});
    else if (state === 'active') await redis.publish(cancelChannel(name), jobId);
  }

  return {
    specificationVersion: 'v1',
    provider: provider.provider,
    modelId: provider.modelId,
    capabilities: provider.capabilities,
    generate: (request, callOptions) => run('generate', request, callOptions),
    ...(provider.edit
      ? { edit: (request: EditRequest, callOptions: CallOptions) => run('edit', request, callOptions) }
      : {}),
    async close() {
      if (!connected) return;
      const { queue, events, redis } = await connected;
      connected = undefined;
      await Promise.allSettled([queue.close(), events.close(), redis.quit()]);
    },
  };
}

/** The pub/sub channel on which callers ask workers to stop a running job. */
export function cancelChannel(queueName: string): string {
  return `pictor:cancel:${queueName}`;
}
