import { AbortError } from '../errors/abort-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import { withDrawnSeed } from '../middleware/call-seed.js';
import type { Middleware } from '../middleware/middleware.js';
import { type Logger, wrapProviderWith } from '../middleware/wrap-provider.js';
import { randomSeed } from '../noise/seeded-noise.js';
import type { CallOptions } from '../spec/call-options.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import type { ProgressEvent } from '../spec/progress-event.js';
import type { Warning } from '../spec/warning.js';
import { raceAbort, throwIfAborted } from './abortable.js';
import { AsyncQueue } from './async-queue.js';
import { checkInputType } from './input-types.js';
import { type InputFetchPolicy, normalizeImageInput } from './normalize-input.js';
import { mergeWarnings, runSplit, type SplitCall } from './run-split.js';
import { validateInputImage } from './validate-input-image.js';
import { validateEditRequest, validateGenerateRequest } from './validate-request.js';
import { verifyResult } from './verify-images.js';

/** Options of `createImageClient`. */
export interface ImageClientOptions {
  /** The provider (any adapter's model, or a wrapped provider). */
  provider: ImageProvider;
  /** Middleware, **first listed is outermost**. */
  middleware?: readonly Middleware[];
  /** When true, a request field the model ignores is an `UnsupportedFeatureError` instead of a warning. */
  strict?: boolean;
  /** Allows `{ url }` image inputs to be fetched. Off by default. */
  inputFetch?: InputFetchPolicy;
  /** Receives structured log lines from middleware. */
  logger?: Logger;
}

/** What `stream.generate` / `stream.edit` yield: progress events, then the result. */
export type StreamEvent = ProgressEvent | { type: 'result'; result: ImageResult };

/** The typed client. */
export interface ImageClient {
  /** The provider as given (before middleware). */
  readonly provider: ImageProvider;
  /** The model's capabilities. */
  readonly capabilities: Capabilities;
  /** Text → image. */
  generate(request: GenerateRequest, options?: CallOptions): Promise<ImageResult>;
  /** Image → image. */
  edit(request: EditRequest, options?: CallOptions): Promise<ImageResult>;
  /** The same calls as async iterables of progress events, ending with `{ type: 'result' }`. */
  readonly stream: {
    generate(request: GenerateRequest, options?: Omit<CallOptions, 'onProgress'>): AsyncIterable<StreamEvent>;
    edit(request: EditRequest, options?: Omit<CallOptions, 'onProgress'>): AsyncIterable<StreamEvent>;
  };
  /** Frees the provider's resources (local runtimes). */
  dispose(): Promise<void>;
}

/** Checks the call options that carry values (`maxRetries`), naming the bad one. */
function checkCallOptions(options: CallOptions): void {
  const { maxRetries } = options;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 100))
    throw new InvalidRequestError('options.maxRetries', 'must be an integer from 0 to 100');
}

/** A progress callback that can never fail the call (what it throws is dropped) and hears nothing after `done`. */
function safeProgress(onProgress: CallOptions['onProgress']): ((event: ProgressEvent) => void) | undefined {
  if (!onProgress) return undefined;
  let closed = false;
  return (event) => {
    if (closed) return;
    if (event.type === 'done') closed = true;
    try {
      onProgress(event);
    } catch {
      // A progress callback is the caller's code: it must not break the call.
    }
  };
}

function wrapUnknown(error: unknown, provider: string): unknown {
  if (PictorError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${provider} failed: ${message}`, { provider, cause: error });
}

/**
 * Creates the typed client around a provider and its middleware.
 *
 * Every request is validated (zod, then the model's capabilities) before any network or model call;
 * image inputs are read and checked; `n` above the model's per-call maximum is split into parallel
 * calls; every returned image's type and size are read from its bytes; `timings.totalMs` is filled.
 *
 * @example
 * const client = createImageClient({ provider: tfjs('emoji'), middleware: [retry(), licenceTagging()] });
 * const { images } = await client.generate({ prompt: 'a red apple', seed: 7 });
 */
export function createImageClient(options: ImageClientOptions): ImageClient {
  const { provider, strict = false } = options;
  if (!provider || typeof provider.generate !== 'function' || typeof provider.capabilities !== 'object') {
    throw new InvalidRequestError(
      'provider',
      'is not an ImageProvider (expected generate() and capabilities)',
    );
  }
  const capabilities = provider.capabilities;
  const verified: ImageProvider = {
    ...provider,
    specificationVersion: 'v1',
    provider: provider.provider,
    modelId: provider.modelId,
    capabilities,
    generate: async (request, callOptions) =>
      verifyResult(await provider.generate(request, callOptions), provider.provider, 'provider'),
    ...(provider.edit
      ? {
          edit: async (request: EditRequest, callOptions: CallOptions) =>
            verifyResult(await provider.edit!(request, callOptions), provider.provider, 'provider'),
        }
      : {}),
  };
  const wrapped = wrapProviderWith(verified, options.middleware ?? [], options.logger);

  async function finish(
    start: number,
    validateMs: number,
    warnings: Warning[],
    result: ImageResult,
    emit: (event: ProgressEvent) => void,
  ): Promise<ImageResult> {
    const checked = verifyResult(result, provider.provider);
    const totalMs = performance.now() - start;
    const final: ImageResult = {
      ...checked,
      warnings: mergeWarnings(warnings, checked.warnings),
      timings: { ...checked.timings, validateMs, totalMs },
    };
    emit({ type: 'done', images: final.images.length, totalMs });
    return final;
  }

  async function generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<ImageResult> {
    const start = performance.now();
    const onProgress = safeProgress(callOptions.onProgress);
    const emit = onProgress ?? (() => {});
    throwIfAborted(callOptions.signal);
    checkCallOptions(callOptions);
    const { request: valid, warnings } = validateGenerateRequest(request, capabilities, strict);
    const drawn = capabilities.seed && valid.seed === undefined;
    if (drawn) valid.seed = randomSeed();
    const validateMs = performance.now() - start;
    emit({ type: 'queued', provider: provider.provider, modelId: provider.modelId });
    try {
      const result = await raceAbort(
        runSplit(valid, capabilities.maxImagesPerCall, callOptions.signal, (split) =>
          wrapped.generate(split.request, subCallOptions(callOptions, onProgress, split, drawn)),
        ),
        callOptions.signal,
      );
      return await finish(start, validateMs, warnings, result, emit);
    } catch (error) {
      throw wrapUnknown(error, provider.provider);
    }
  }

  async function edit(request: EditRequest, callOptions: CallOptions = {}): Promise<ImageResult> {
    const start = performance.now();
    const onProgress = safeProgress(callOptions.onProgress);
    const emit = onProgress ?? (() => {});
    throwIfAborted(callOptions.signal);
    checkCallOptions(callOptions);
    if (!wrapped.edit || capabilities.editModes.length === 0) {
      throw new UnsupportedFeatureError(
        'mode',
        `${provider.provider}:${provider.modelId} cannot edit images`,
      );
    }
    const { request: valid, warnings } = validateEditRequest(request, capabilities, strict);
    const image = validateInputImage(
      'image',
      await normalizeImageInput('image', valid.image, options.inputFetch, callOptions.signal),
    );
    checkInputType('image', image.mediaType, capabilities);
    const maxBytes = capabilities.maxInputBytes;
    if (maxBytes !== undefined && image.bytes.length > maxBytes) {
      throw new InvalidRequestError(
        'image',
        `is ${image.bytes.length} bytes; the model accepts at most ${maxBytes}`,
      );
    }
    const normalized: EditRequest = { ...valid, image: image.bytes };
    if (valid.mask !== undefined) {
      const mask = validateInputImage(
        'mask',
        await normalizeImageInput('mask', valid.mask, options.inputFetch, callOptions.signal),
      );
      checkInputType('mask', mask.mediaType, capabilities);
      if (mask.width !== image.width || mask.height !== image.height) {
        throw new InvalidRequestError(
          'mask',
          `is ${mask.width}×${mask.height} but the image is ${image.width}×${image.height}; they must match`,
        );
      }
      normalized.mask = mask.bytes;
    }
    if (valid.references !== undefined) {
      const references = [];
      for (const [i, reference] of valid.references.entries()) {
        const field = `references[${i}]`;
        const ref = validateInputImage(
          field,
          await normalizeImageInput(field, reference, options.inputFetch, callOptions.signal),
        );
        checkInputType(field, ref.mediaType, capabilities);
        if (maxBytes !== undefined && ref.bytes.length > maxBytes) {
          throw new InvalidRequestError(
            `references[${i}]`,
            `is ${ref.bytes.length} bytes; the model accepts at most ${maxBytes}`,
          );
        }
        references.push(ref.bytes);
      }
      normalized.references = references;
    }
    const drawn = capabilities.seed && normalized.seed === undefined;
    if (drawn) normalized.seed = randomSeed();
    const validateMs = performance.now() - start;
    throwIfAborted(callOptions.signal);
    emit({ type: 'queued', provider: provider.provider, modelId: provider.modelId });
    try {
      const result = await raceAbort(
        runSplit(normalized, capabilities.maxImagesPerCall, callOptions.signal, (split) =>
          wrapped.edit!(split.request, subCallOptions(callOptions, onProgress, split, drawn)),
        ),
        callOptions.signal,
      );
      return await finish(start, validateMs, warnings, result, emit);
    } catch (error) {
      throw wrapUnknown(error, provider.provider);
    }
  }

  function stream<R>(run: (request: R, options: CallOptions) => Promise<ImageResult>) {
    return (request: R, callOptions: Omit<CallOptions, 'onProgress'> = {}): AsyncIterable<StreamEvent> => {
      // Leaving the loop early aborts the call: nobody is waiting for its images.
      const controller = new AbortController();
      const outer = callOptions.signal;
      const onOuterAbort = () => controller.abort(outer?.reason);
      if (outer?.aborted) controller.abort(outer.reason);
      else outer?.addEventListener('abort', onOuterAbort, { once: true });
      const queue = new AsyncQueue<StreamEvent>(() =>
        controller.abort(new AbortError('the stream was closed before the result')),
      );
      run(request, {
        ...callOptions,
        signal: controller.signal,
        onProgress: (event) => queue.push(event),
      })
        .finally(() => outer?.removeEventListener('abort', onOuterAbort))
        .then(
          (result) => {
            queue.push({ type: 'result', result });
            queue.end();
          },
          (error: unknown) => queue.fail(error),
        );
      return queue;
    };
  }

  return {
    provider,
    capabilities,
    generate,
    edit,
    stream: { generate: stream(generate), edit: stream(edit) },
    dispose: async () => {
      await provider.dispose?.();
    },
  };
}

/**
 * The options one sub-call of a (possibly split) request gets: the split's signal (aborted by the
 * caller or a failing sibling), a progress callback that cannot throw and tags step events with the
 * chunk index, and, when the client drew the seed, that fact (for `cache()`).
 */
function subCallOptions<R extends GenerateRequest>(
  options: CallOptions,
  onProgress: CallOptions['onProgress'],
  split: SplitCall<R>,
  drawnSeed: boolean,
): CallOptions {
  const { index } = split;
  const { signal: _signal, onProgress: _onProgress, ...rest } = options;
  let sub: CallOptions = { ...rest };
  if (split.signal) sub.signal = split.signal;
  if (onProgress)
    sub.onProgress =
      index === undefined
        ? onProgress
        : (event) => onProgress(event.type === 'step' ? { ...event, index } : event);
  if (drawnSeed && split.request.seed !== undefined)
    sub = withDrawnSeed(sub, { seed: split.request.seed, offset: split.offset });
  return sub;
}
