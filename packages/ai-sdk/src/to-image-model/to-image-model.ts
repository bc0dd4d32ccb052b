import type { ImageModelV3 } from '@ai-sdk/provider';
import {
  AbortError,
  ContentFilteredError,
  createImageClient,
  type EditRequest,
  type GenerateRequest,
  type ImageClient,
  type ImageProvider,
  type InputFetchPolicy,
  InvalidRequestError,
  type Logger,
  type Middleware,
  PictorError,
  type ProgressEvent,
  UnsupportedFeatureError,
} from '@pictor/core';
import type { AISDKImageCallOptions, AISDKImageResult } from '../ai-sdk-spec.js';
import { PictorAPICallError } from './api-call-error.js';
import { callToRequest } from './call-to-request.js';
import { resultToAISDK } from './result-to-ai-sdk.js';

/** Options of `toImageModel`. */
export interface ToImageModelOptions {
  /** Pictor middleware around the provider, **first listed is outermost** (ignored when given a client). */
  middleware?: readonly Middleware[];
  /** A request field the model ignores is an error instead of a warning (ignored when given a client). */
  strict?: boolean;
  /** Lets `{ type: 'url' }` files be fetched; off by default (ignored when given a client). */
  inputFetch?: InputFetchPolicy;
  /** Receives middleware log lines (ignored when given a client). */
  logger?: Logger;
  /** Progress events of every call, which the AI SDK image spec has no channel for. Must not throw. */
  onProgress?: (event: ProgressEvent) => void;
  /** The AI SDK `provider` string. Default `pictor.<provider id>`. */
  providerName?: string;
}

/** The V4 form: the V3 model with `specificationVersion: 'v4'` and the two capability flags. */
export type PictorImageModelV4 = Omit<ImageModelV3, 'specificationVersion'> & {
  readonly specificationVersion: 'v4';
  /** True when the Pictor model has any edit mode. */
  readonly supportsFileInputs: boolean;
  /** True when the Pictor model can inpaint. */
  readonly supportsMaskInputs: boolean;
};

function isClient(value: ImageProvider | ImageClient): value is ImageClient {
  return (
    'stream' in value &&
    typeof (value as ImageClient).dispose === 'function' &&
    !('specificationVersion' in value)
  );
}

/** What the error says about the call, without image bytes. */
function summary(operation: string, request: GenerateRequest | EditRequest): Record<string, unknown> {
  const { image: _image, mask: _mask, references, ...rest } = request as EditRequest;
  return { operation, ...rest, ...(references ? { references: references.length } : {}) };
}

/** Errors that describe the call itself pass through; provider failures become `APICallError`s the SDK can retry. */
function passesThrough(error: PictorError): boolean {
  return (
    InvalidRequestError.isInstance(error) ||
    UnsupportedFeatureError.isInstance(error) ||
    AbortError.isInstance(error)
  );
}

function createModel(source: ImageProvider | ImageClient, options: ToImageModelOptions) {
  const client = isClient(source)
    ? source
    : createImageClient({
        provider: source,
        middleware: options.middleware ?? [],
        strict: options.strict ?? false,
        ...(options.inputFetch ? { inputFetch: options.inputFetch } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
  const { provider } = client;
  const capabilities = client.capabilities;
  const url = `pictor://${provider.provider}/${provider.modelId}`;

  async function doGenerate(call: AISDKImageCallOptions): Promise<AISDKImageResult> {
    const mapped = callToRequest(call, capabilities);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.headers ?? {}))
      if (value !== undefined) headers[name] = value;
    const callOptions = {
      ...(call.abortSignal ? { signal: call.abortSignal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
    };
    try {
      const result =
        mapped.operation === 'edit'
          ? await client.edit(mapped.request, callOptions)
          : await client.generate(mapped.request, callOptions);
      return resultToAISDK(result, mapped.warnings);
    } catch (error) {
      if (ContentFilteredError.isInstance(error)) {
        // No images and not retryable: `generateImage` reports NoImageGeneratedError without paying for retries.
        return {
          images: [],
          isRetryable: false,
          warnings: [...mapped.warnings, { type: 'other', message: `content filtered: ${error.message}` }],
          providerMetadata: { pictor: { images: [], contentFiltered: { message: error.message } } },
          response: { timestamp: new Date(), modelId: provider.modelId, headers: undefined },
        };
      }
      if (!PictorError.isInstance(error) || passesThrough(error)) throw error;
      throw new PictorAPICallError(error, url, summary(mapped.operation, mapped.request));
    }
  }

  return {
    provider: options.providerName ?? `pictor.${provider.provider}`,
    modelId: provider.modelId,
    maxImagesPerCall: capabilities.maxImagesPerCall,
    doGenerate,
    editModes: capabilities.editModes,
  };
}

/**
 * A Pictor provider (or client) as an AI SDK `ImageModelV3`, for `generateImage` in `ai@6` and `ai@7`.
 * Given a provider, requests go through a Pictor client (validation, `n` splitting, image checks)
 * with `options.middleware`. `size` and `aspectRatio` become width and height (derived or snapped
 * sizes come with a `compatibility` warning); `files`/`mask` become an edit; `providerOptions.pictor`
 * carries `negativePrompt`, `steps`, `guidance`, `strength` and `mode`. Images come back as bytes
 * with per-image details in `providerMetadata.pictor.images[]`. Provider failures are thrown as
 * `APICallError`-compatible errors whose `isRetryable` is Pictor's; a content filter returns no
 * images with `isRetryable: false`, so the SDK does not pay for retries. The caller owns the
 * provider (call its `dispose()`).
 *
 * The AI SDK passes the same `seed` to every call it splits `n` into; a seeded Pictor model then
 * repeats images across those calls. Keep `n` ≤ `maxImagesPerCall`, or leave `seed` out.
 *
 * @example
 * import { generateImage } from 'ai';
 * const { images } = await generateImage({ model: toImageModel(tfjs('emoji')), prompt: 'a red apple', n: 2 });
 */
export function toImageModel(
  source: ImageProvider | ImageClient,
  options: ToImageModelOptions = {},
): ImageModelV3 {
  const { editModes: _editModes, ...model } = createModel(source, options);
  return { specificationVersion: 'v3', ...model } as ImageModelV3;
}

/**
 * The V4 form of `toImageModel` (for `ai@7`, which declares Node ≥ 22): the same model with
 * `supportsFileInputs` (the model has an edit mode) and `supportsMaskInputs` (it can inpaint).
 */
export function toImageModelV4(
  source: ImageProvider | ImageClient,
  options: ToImageModelOptions = {},
): PictorImageModelV4 {
  const { editModes, ...model } = createModel(source, options);
  return {
    specificationVersion: 'v4',
    ...model,
    supportsFileInputs: editModes.length > 0,
    supportsMaskInputs: editModes.includes('inpaint'),
  } as PictorImageModelV4;
}
