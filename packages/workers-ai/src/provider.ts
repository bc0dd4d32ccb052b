import { AuthenticationError, type ImageProvider, InvalidRequestError, registerSecret } from '@pictor/core';
import { createBatch, type WorkersAIBatch } from './batch/batch.js';
import { createImageModel, type WorkersAIModelOptions } from './image-model.js';
import { getWorkersAIModel } from './models/catalogue.js';
import type { WorkersAIImageModelId } from './models/model.js';
import { createBindingRunner } from './run/binding-runner.js';
import { checkModelId } from './run/model-path.js';
import { createRestRunner } from './run/rest-runner.js';
import type { AiRunner } from './run/runner.js';
import type { WorkersAIRestSettings, WorkersAISettings } from './settings.js';
import { createTextModel, type WorkersAITextModel, type WorkersAITextModelId } from './text/text-model.js';
import {
  createVisionModel,
  type VisionJudge,
  type WorkersAIVisionModel,
  type WorkersAIVisionModelId,
} from './vision/vision-model.js';

/** What `createWorkersAI` returns: call it with a model id to get an `ImageProvider`. */
export interface WorkersAIProvider {
  /** An image model as a Pictor provider. Unknown ids are an `InvalidRequestError`. */
  (modelId: WorkersAIImageModelId, options?: WorkersAIModelOptions): ImageProvider;
  /** Same as calling the provider. */
  image(modelId: WorkersAIImageModelId, options?: WorkersAIModelOptions): ImageProvider;
  /** A text-generation model (SSE streaming, usage). */
  text(modelId: WorkersAITextModelId): WorkersAITextModel;
  /** A vision / classification model for judging images. */
  vision(modelId: WorkersAIVisionModelId): WorkersAIVisionModel;
  /** A function-shaped yes/no judge for `@pictor/hallucination-check` (default `@cf/cloudflare/clef`). */
  judge(modelId?: WorkersAIVisionModelId): VisionJudge;
  /** The asynchronous batch API of a model (submit, poll, wait): for large offline jobs on the models Cloudflare batches. */
  batch<T = unknown>(modelId: string): WorkersAIBatch<T>;
  /** The underlying run seam (`run(model, inputs, options)`), for models Pictor has no wrapper for. */
  readonly runner: AiRunner;
}

type Environment = Record<string, string | undefined>;

function checkRest(settings: WorkersAIRestSettings, fromEnv = false): void {
  if (typeof settings.accountId !== 'string' || settings.accountId.trim() === '') {
    if (fromEnv)
      throw new InvalidRequestError(
        'CLOUDFLARE_ACCOUNT_ID',
        'environment variable is not set (your Cloudflare account id)',
      );
    throw new InvalidRequestError(
      'accountId',
      'is required for REST (or pass { binding: env.AI } inside a Worker)',
    );
  }
  if (typeof settings.apiToken !== 'string' || settings.apiToken.trim() === '') {
    const what = fromEnv
      ? 'the CLOUDFLARE_API_TOKEN environment variable is not set'
      : 'apiToken is required';
    throw new AuthenticationError(`${what}: a Cloudflare API token with the "Workers AI Read" permission`, {
      provider: 'workers-ai',
    });
  }
  const cap = settings.maxResponseBytes;
  if (cap !== undefined && (!Number.isSafeInteger(cap) || cap < 1024))
    throw new InvalidRequestError('maxResponseBytes', 'must be a whole number of bytes, at least 1024');
  registerSecret(settings.apiToken);
  if (settings.gateway?.authorization) registerSecret(settings.gateway.authorization);
}

/** Makes the runner for explicit settings (checked now, before any call). */
export function createRunner(settings: WorkersAISettings): AiRunner {
  if (settings === null || typeof settings !== 'object')
    throw new InvalidRequestError('settings', 'must be an object');
  const record = settings as unknown as Record<string, unknown>;
  if ('binding' in record && record.binding !== undefined) {
    const mixed = [
      'accountId',
      'apiToken',
      'baseURL',
      'dispatcher',
      'fetch',
      'headers',
      'http',
      'maxResponseBytes',
    ].find((key) => record[key] !== undefined);
    if (mixed)
      throw new InvalidRequestError(
        mixed,
        'cannot be combined with binding: use either REST settings or { binding }',
      );
    const binding = record.binding as { run?: unknown };
    if (typeof binding.run !== 'function')
      throw new InvalidRequestError('binding', 'is not a Workers AI binding (no run method)');
    return createBindingRunner(
      settings.binding as NonNullable<WorkersAISettings['binding']>,
      settings.gateway ? { gateway: settings.gateway } : {},
    );
  }
  const rest = settings as WorkersAIRestSettings;
  checkRest(rest);
  return createRestRunner(rest);
}

function build(getRunner: () => AiRunner): WorkersAIProvider {
  const image = (modelId: WorkersAIImageModelId, options?: WorkersAIModelOptions) =>
    createImageModel(getWorkersAIModel(modelId), getRunner, options);
  const provider = image as WorkersAIProvider;
  provider.image = image;
  // Every path checks the id against the documented grammar when the model is made, and the
  // runner checks it again (and encodes it) where the URL is built.
  provider.text = (modelId) => createTextModel(checkModelId(modelId, 'modelId'), getRunner);
  provider.vision = (modelId) => createVisionModel(checkModelId(modelId, 'modelId'), getRunner);
  provider.judge = (modelId = '@cf/cloudflare/clef') =>
    createVisionModel(checkModelId(modelId, 'modelId'), getRunner).judge;
  provider.batch = <T = unknown>(modelId: string) =>
    createBatch<T>(checkModelId(modelId, 'modelId'), getRunner);
  Object.defineProperty(provider, 'runner', { get: getRunner, enumerable: false });
  return provider;
}

/**
 * Creates a Workers AI provider from REST credentials or a binding.
 *
 * @example
 * // Node, REST:
 * const workersAI = createWorkersAI({ accountId: '…', apiToken: process.env.CLOUDFLARE_API_TOKEN! });
 * const client = createImageClient({ provider: workersAI('@cf/black-forest-labs/flux-1-schnell') });
 *
 * // Inside a Worker:
 * const client = createImageClient({ provider: createWorkersAI({ binding: env.AI })('@cf/leonardo/phoenix-1.0') });
 */
export function createWorkersAI(settings: WorkersAISettings): WorkersAIProvider {
  const runner = createRunner(settings);
  return build(() => runner);
}

/**
 * Like `createWorkersAI`, but reads `CLOUDFLARE_ACCOUNT_ID` and `CLOUDFLARE_API_TOKEN` from `env`
 * (default `process.env`) at the first call, not before. A missing variable is an error naming it,
 * thrown before any network call.
 */
export function createWorkersAIFromEnv(
  env?: Environment,
  extra: Partial<WorkersAIRestSettings> = {},
): WorkersAIProvider {
  let runner: AiRunner | undefined;
  return build(() => {
    if (runner) return runner;
    const vars = env ?? (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
    const settings = {
      ...extra,
      accountId: vars.CLOUDFLARE_ACCOUNT_ID ?? '',
      apiToken: vars.CLOUDFLARE_API_TOKEN ?? '',
    } as WorkersAIRestSettings;
    checkRest(settings, true);
    runner = createRestRunner(settings);
    return runner;
  });
}

/**
 * The default provider: REST with `CLOUDFLARE_ACCOUNT_ID` / `CLOUDFLARE_API_TOKEN`, read at the first call.
 *
 * @example
 * const client = createImageClient({ provider: workersAI('@cf/black-forest-labs/flux-1-schnell') });
 */
export const workersAI: WorkersAIProvider = createWorkersAIFromEnv();
