import {
  AbortError,
  type CallOptions,
  type Capabilities,
  type EditRequest,
  type GeneratedImage,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  InvalidRequestError,
  InvalidResponseError,
  readImageInfo,
  type Warning,
  withRequestChecks,
} from '@pictor/core';
import type { AISDKImageModel, AISDKImageResult, AISDKImageWarning } from '../ai-sdk-spec.js';
import { DEFAULT_CAPABILITIES, findKnownModel, VENDOR_PROFILES, vendorOf } from './known-models.js';
import { mapAISDKError } from './map-error.js';
import { requestToCall } from './request-to-call.js';

/** Options of `fromImageModel`. */
export interface FromImageModelOptions {
  /** What the model honours, merged over the table entry for its id (or the conservative defaults). */
  capabilities?: Partial<Capabilities>;
  /** The Pictor provider id. Default `ai-sdk-<vendor>` (`ai-sdk-openai`, `ai-sdk-fal`…). */
  provider?: string;
}

/** The annotation key under which each image's AI SDK provider metadata is kept. */
export const AI_SDK_ANNOTATION = 'ai-sdk';

function isModel(value: unknown): value is AISDKImageModel {
  const model = value as AISDKImageModel;
  return (
    typeof model === 'object' &&
    model !== null &&
    (model.specificationVersion === 'v2' ||
      model.specificationVersion === 'v3' ||
      model.specificationVersion === 'v4') &&
    typeof model.doGenerate === 'function' &&
    typeof model.modelId === 'string' &&
    typeof model.provider === 'string'
  );
}

/** Whether a V4 flag was set to true synchronously (a promise is treated as unknown). */
function flag(value: unknown): boolean {
  return value === true;
}

function capabilitiesFor(model: AISDKImageModel, override: Partial<Capabilities> | undefined): Capabilities {
  const known = findKnownModel(model.provider, model.modelId);
  const editModes: Capabilities['editModes'] = flag(model.supportsFileInputs)
    ? flag(model.supportsMaskInputs)
      ? ['img2img', 'inpaint', 'reference']
      : ['img2img', 'reference']
    : [];
  const fromModel: Partial<Capabilities> = {
    ...(typeof model.maxImagesPerCall === 'number' ? { maxImagesPerCall: model.maxImagesPerCall } : {}),
    ...(editModes.length ? { editModes, maxReferences: 4 } : {}),
  };
  const merged = {
    ...DEFAULT_CAPABILITIES,
    ...fromModel,
    ...known?.capabilities,
    ...override,
  } as Capabilities;
  const listed = override?.sizes ?? known?.capabilities.sizes;
  if (listed && !override?.width && !override?.height) {
    delete merged.width;
    delete merged.height;
  }
  return merged;
}

/** V2/V3/V4 warnings → Pictor's; `compatibility` and `deprecated` become `other` with their details. */
export function warningFromAISDK(warning: AISDKImageWarning, source: string): Warning {
  switch (warning.type) {
    case 'unsupported':
      return {
        type: 'unsupported',
        field: warning.feature,
        ...(warning.details ? { details: warning.details } : {}),
      };
    case 'unsupported-setting':
      return {
        type: 'unsupported',
        field: warning.setting,
        ...(warning.details ? { details: warning.details } : {}),
      };
    case 'compatibility':
      return {
        type: 'other',
        message: `${warning.feature}: ${warning.details ?? 'compatibility mode'}`,
        source,
      };
    case 'deprecated':
      return {
        type: 'other',
        message: `deprecated: ${warning.message ?? warning.details ?? warning.setting ?? warning.feature ?? ''}`,
        source,
      };
    default:
      return {
        type: 'other',
        message: (warning as { message?: string }).message ?? JSON.stringify(warning),
        source,
      };
  }
}

function decodeBase64(text: string): Uint8Array {
  const comma = text.startsWith('data:') ? text.indexOf(',') + 1 : 0;
  const body = comma ? text.slice(comma) : text;
  const binary = atob(body);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Any AI SDK image model (`specificationVersion` `v2`, `v3` or `v4`, read by duck typing — nothing
 * imports `ai`) as a Pictor `ImageProvider`, so Pictor's middleware (retry, cache, fallback,
 * licence tagging, hallucination check, watermark) wraps `@ai-sdk/openai`, `@ai-sdk/fal`,
 * `@ai-sdk/replicate`, `@ai-sdk/google`, `@ai-sdk/black-forest-labs` and the rest.
 *
 * Capabilities come from a table of popular model ids (`KNOWN_MODELS`), else conservative
 * defaults, and `options.capabilities` overrides both. `doGenerate` is called directly, once per
 * call, so only Pictor's `retry()` retries. The model's warnings pass through; its `APICallError`s
 * become typed Pictor errors (`RateLimitError` with `Retry-After`, `AuthenticationError`,
 * `ProviderError` with the status). Each image carries the model's per-image provider metadata in
 * `annotations['ai-sdk']`.
 *
 * @example
 * import { openai } from '@ai-sdk/openai';
 * const client = createImageClient({ provider: fromImageModel(openai.image('gpt-image-1')), middleware: [retry(), licenceTagging()] });
 */
export function fromImageModel(model: AISDKImageModel, options: FromImageModelOptions = {}): ImageProvider {
  if (!isModel(model)) {
    throw new InvalidRequestError(
      'model',
      'is not an AI SDK image model (expected specificationVersion v2, v3 or v4 and doGenerate())',
    );
  }
  const vendor = vendorOf(model.provider);
  const profile = VENDOR_PROFILES[vendor];
  const sizeEncoding =
    findKnownModel(model.provider, model.modelId)?.sizeEncoding ?? profile?.sizeEncoding ?? 'size';
  const capabilities = capabilitiesFor(model, options.capabilities);
  const provider = options.provider ?? `ai-sdk-${vendor.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;

  async function run(request: GenerateRequest | EditRequest, callOptions: CallOptions): Promise<ImageResult> {
    const start = performance.now();
    const { signal } = callOptions;
    if (signal?.aborted) throw new AbortError(`${provider}: the call was aborted`, { provider });
    const { call, warnings } = requestToCall(request, profile, sizeEncoding);
    if (model.specificationVersion === 'v2' && call.files) {
      throw new InvalidRequestError(
        'mode',
        `${model.modelId} is a V2 AI SDK model, which cannot take input images`,
      );
    }
    if (signal) call.abortSignal = signal;
    if (callOptions.headers) call.headers = callOptions.headers;
    callOptions.onProgress?.({ type: 'request', provider, modelId: model.modelId });
    let result: AISDKImageResult;
    try {
      result = await model.doGenerate(call);
    } catch (error) {
      throw mapAISDKError(error, provider, signal);
    }
    const requestMs = performance.now() - start;
    if (!result || !Array.isArray(result.images))
      throw new InvalidResponseError(`${provider} returned no images array`, { provider });
    if (result.images.length === 0) {
      throw new InvalidResponseError(`${provider} returned no images`, {
        provider,
        isRetryable: result.isRetryable !== false,
      });
    }
    callOptions.onProgress?.({ type: 'decoding' });
    const metadata = result.providerMetadata ?? {};
    const images = (result.images as (string | Uint8Array)[]).map((data, index): GeneratedImage => {
      const bytes = typeof data === 'string' ? decodeBase64(data) : data;
      let info: ReturnType<typeof readImageInfo>;
      try {
        info = readImageInfo(bytes);
      } catch (error) {
        throw new InvalidResponseError(`${provider} image ${index} is not a valid image`, {
          provider,
          cause: error,
        });
      }
      if (info.mediaType === 'image/gif') {
        throw new InvalidResponseError(
          `${provider} image ${index} is a GIF; Pictor returns PNG, JPEG or WebP`,
          { provider },
        );
      }
      const perImage: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(metadata)) {
        const list = (entry as { images?: unknown } | null)?.images;
        const item = Array.isArray(list) ? list[index] : undefined;
        if (item !== undefined) perImage[key] = item;
      }
      return {
        bytes,
        mediaType: info.mediaType,
        width: info.width,
        height: info.height,
        // One seed goes to the model per call, so it names the image only when there is one.
        ...(request.seed !== undefined && capabilities.seed && result.images.length === 1
          ? { seed: request.seed }
          : {}),
        annotations: {
          [AI_SDK_ANNOTATION]: {
            provider: model.provider,
            modelId: result.response?.modelId ?? model.modelId,
            providerMetadata: perImage,
          },
        },
      };
    });
    const usage: Record<string, number> = {};
    for (const [key, value] of Object.entries(result.usage ?? {}))
      if (typeof value === 'number') usage[key] = value;
    const providerMetadata: Record<string, Record<string, unknown>> = {};
    for (const [key, entry] of Object.entries(metadata))
      if (entry && typeof entry === 'object') providerMetadata[key] = entry as Record<string, unknown>;
    return {
      images,
      warnings: [...warnings, ...(result.warnings ?? []).map((w) => warningFromAISDK(w, model.provider))],
      provider,
      modelId: model.modelId,
      timings: { totalMs: performance.now() - start, requestMs },
      ...(Object.keys(usage).length ? { usage } : {}),
      ...(Object.keys(providerMetadata).length ? { providerMetadata } : {}),
    };
  }

  // Direct calls are validated and warned about like every adapter's (core's one seed policy and n rule).
  return withRequestChecks<ImageProvider>({
    specificationVersion: 'v1',
    provider,
    modelId: model.modelId,
    capabilities,
    generate: (request, callOptions) => run(request, callOptions),
    ...(capabilities.editModes.length
      ? { edit: (request: EditRequest, callOptions: CallOptions) => run(request, callOptions) }
      : {}),
  });
}
