import {
  type EditRequest,
  type GenerateRequest,
  type ImageProvider,
  InvalidRequestError,
  UnsupportedFeatureError,
} from '@pictor/core';
import { encodeFailure } from './error-codec.js';
import { fromJobValue, type JobData, type JobResult, toJobProgress } from './job-data.js';
import {
  connectionOptions,
  DEFAULT_QUEUE,
  loadBullmq,
  type QueueOptions,
  redisFromOptions,
} from './queue-options.js';
import { cancelChannel } from './queued.js';
import { resultKeyOf, resultStoreFor } from './result-store.js';
import { withJobSpan } from './trace-context.js';

/** Options of `createWorker`. */
export interface WorkerOptions {
  /** The queue to take jobs from (the one `queued` providers send to). */
  queue: QueueOptions;
  /** Jobs run at once by this worker. Default 1 (one GPU, one job). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, ms: a worker that dies mid-job loses its job to
   * another worker this long after. Default 30 000.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, ms. Default `lockDurationMs`. */
  stalledIntervalMs?: number;
}

/** A running worker. */
export interface PictorWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, closes connections. */
  close(): Promise<void>;
  /** Jobs finished and failed since start. */
  readonly stats: { completed: number; failed: number };
}

/**
 * Runs queued jobs with `provider` (with whatever middleware wraps it: retry, licence tagging…) on
 * this machine. Jobs are delivered at least once: a job whose worker dies is picked up by another
 * after `lockDurationMs`; its result is stored under the job's id, so a repeat run overwrites the
 * same entry and callers see one result. A job for another provider or model fails with
 * `InvalidRequestError`; errors are sent back typed.
 *
 * @example
 * const worker = await createWorker(onnx('./models/sd-turbo', { executionProviders: ['cuda'] }), {
 *   queue: { connection: 'redis://127.0.0.1:6379' },
 * });
 */
export async function createWorker(provider: ImageProvider, options: WorkerOptions): Promise<PictorWorker> {
  const bull = await loadBullmq();
  const name = options.queue.name ?? DEFAULT_QUEUE;
  const redis = await redisFromOptions(options.queue.connection);
  const subscriber = redis.duplicate();
  subscriber.on('error', () => {});
  const store = resultStoreFor(options.queue, redis);
  const ttl = options.queue.resultTtlMs ?? 3_600_000;
  const stats = { completed: 0, failed: 0 };
  const lockDuration = options.lockDurationMs ?? 30_000;

  const processor = async (
    job: {
      id?: string;
      data: JobData;
      timestamp: number;
      processedOn?: number;
      updateProgress(p: object): Promise<void>;
    },
    _token?: string,
    signal?: AbortSignal,
  ): Promise<JobResult> => {
    const data = job.data;
    try {
      if (data.provider !== provider.provider || data.modelId !== provider.modelId)
        throw new InvalidRequestError(
          'provider',
          `this worker runs ${provider.provider}:${provider.modelId}, the job asks for ${data.provider}:${data.modelId}`,
        );
      const request = fromJobValue(data.request);
      const callOptions = {
        ...(signal ? { signal } : {}),
        onProgress: (event: Parameters<NonNullable<import('@pictor/core').CallOptions['onProgress']>>[0]) =>
          void job.updateProgress(toJobProgress(event)).catch(() => {}),
      };
      const spanAttributes = {
        'pictor.operation': data.operation,
        'pictor.queue.name': name,
        'pictor.queue.wait_ms': Math.max(0, (job.processedOn ?? Date.now()) - job.timestamp),
        'messaging.message.id': String(job.id),
      };
      const result = await withJobSpan(data.trace, spanAttributes, () => {
        if (data.operation === 'edit') {
          if (!provider.edit) throw new UnsupportedFeatureError('mode', `${provider.modelId} cannot edit`);
          return provider.edit(request as EditRequest, callOptions);
        }
        return provider.generate(request as GenerateRequest, callOptions);
      });
      const key = resultKeyOf(String(job.id));
      const createdAt = Date.now();
      await store.set(key, { result, createdAt, expiresAt: createdAt + ttl });
      stats.completed++;
      return { resultKey: key };
    } catch (error) {
      stats.failed++;
      throw new bull.UnrecoverableError(encodeFailure(error));
    }
  };

  const worker = new bull.Worker(name, processor as never, {
    connection: connectionOptions(options.queue.connection),
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? lockDuration,
    ...(options.queue.prefix ? { prefix: options.queue.prefix } : {}),
  });
  worker.on('error', () => {}); // connection errors are retried by ioredis; keep the process alive
  subscriber.on('message', (_channel, jobId) => {
    worker.cancelJob(jobId, 'cancelled by the caller');
  });
  const subscribed = subscriber.subscribe(cancelChannel(name));

  return {
    stats,
    async ready() {
      await Promise.all([worker.waitUntilReady(), subscribed]);
    },
    async close() {
      await worker.close();
      await Promise.allSettled([subscriber.quit(), redis.quit()]);
    },
  };
}
