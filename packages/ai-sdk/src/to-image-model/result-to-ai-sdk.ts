import type { ImageResult, Warning } from '@pictor/core';
import type { AISDKImageResult, AISDKImageWarning } from '../ai-sdk-spec.js';
import { type JSONValue, toJSONValue } from './json-value.js';

/** Pictor's warning → the AI SDK's (`unsupported` keeps its field as `feature`). */
export function warningToAISDK(warning: Warning): AISDKImageWarning {
  if (warning.type === 'unsupported') {
    return {
      type: 'unsupported',
      feature: warning.field,
      ...(warning.details ? { details: warning.details } : {}),
    };
  }
  if (warning.type === 'adjusted') {
    return {
      type: 'compatibility',
      feature: warning.field,
      details: `${warning.field} ${warning.from} was adjusted to ${warning.to}${warning.details ? ` (${warning.details})` : ''}`,
    };
  }
  return {
    type: 'other',
    message: warning.source ? `${warning.source}: ${warning.message}` : warning.message,
  };
}

const TOKEN_KEYS = ['inputTokens', 'outputTokens', 'totalTokens'] as const;

/**
 * Pictor's result → `doGenerate`'s: bytes as they are; per-image seed, size, media type and
 * annotations (licence record, hallucination verdicts…) in `providerMetadata.pictor.images[]`, one
 * entry per image and in the same order, as the SDK's metadata merge requires; timings, usage and
 * Pictor's own provider metadata beside them.
 */
export function resultToAISDK(result: ImageResult, warnings: AISDKImageWarning[]): AISDKImageResult {
  const images = result.images.map((image) => {
    const entry: { [key: string]: JSONValue } = {
      mediaType: image.mediaType,
      width: image.width,
      height: image.height,
      annotations: (toJSONValue(image.annotations) ?? {}) as JSONValue,
    };
    if (image.seed !== undefined) entry.seed = image.seed;
    return entry;
  });
  const pictor: { images: JSONValue[]; [key: string]: JSONValue } = {
    images,
    provider: result.provider,
    modelId: result.modelId,
    timings: toJSONValue(result.timings) ?? {},
  };
  if (result.usage) pictor.usage = toJSONValue(result.usage) ?? {};
  if (result.providerMetadata) pictor.providerMetadata = toJSONValue(result.providerMetadata) ?? {};
  const usage = result.usage;
  const hasTokens = usage !== undefined && TOKEN_KEYS.some((key) => typeof usage[key] === 'number');
  return {
    images: result.images.map((image) => image.bytes),
    warnings: [...warnings, ...result.warnings.map(warningToAISDK)],
    providerMetadata: { pictor },
    response: { timestamp: new Date(), modelId: result.modelId, headers: undefined },
    ...(hasTokens
      ? {
          usage: {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            totalTokens: usage.totalTokens,
          },
        }
      : {}),
  };
}
