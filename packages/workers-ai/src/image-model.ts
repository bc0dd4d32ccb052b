import {
  type CallOptions,
  type EditRequest,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  registerSecret,
  throwIfAborted,
  type Warning,
  withRequestChecks,
  zodToInvalidRequest,
} from '@pictor/core';
import type { WorkersAIImageModel } from './models/model.js';
import { type WorkersAIProviderOptions, workersAIProviderOptionsSchema } from './provider-options.js';
import { decodeImageOutput } from './run/decode-output.js';
import type { GatewayOptions } from './run/gateway.js';
import { gatewayResponseMetadata } from './run/gateway-metadata.js';
import type { AiRunner, RunOptions } from './run/runner.js';

/** Options of one model instance (`workersAI(modelId, options)`). */
export interface WorkersAIModelOptions {
  /** Route this model's calls through AI Gateway (overrides the provider's default). */
  gateway?: GatewayOptions;
  /** Log tags sent with every call of this model (binding). */
  tags?: string[];
}

function parseProviderOptions(request: GenerateRequest): WorkersAIProviderOptions {
  const raw = request.providerOptions?.['workers-ai'];
  if (raw === undefined) return {};
  const parsed = workersAIProviderOptionsSchema.safeParse(raw);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'providerOptions.workers-ai');
  return parsed.data;
}

/**
 * One Workers AI image model as a Pictor `ImageProvider`: encodes the request as the model's
 * schema says, runs it through the seam (REST or binding), and decodes whatever comes back by
 * sniffing the bytes. Progress is coarse and honest: `request` when sent, `response` when the
 * answer arrives, `decoding` while the image is read.
 */
export function createImageModel(
  model: WorkersAIImageModel,
  getRunner: () => AiRunner,
  options: WorkersAIModelOptions = {},
): ImageProvider {
  async function runOnce(
    operation: 'generate' | 'edit',
    request: GenerateRequest | EditRequest,
    callOptions: CallOptions,
  ): Promise<ImageResult> {
    const start = performance.now();
    throwIfAborted(callOptions.signal);
    const providerOptions = parseProviderOptions(request);
    registerSecret(providerOptions.gateway?.authorization);
    const runner = getRunner();
    const { inputs, warnings } = model.encode(request, {
      operation,
      imageEncoding: providerOptions.imageEncoding ?? 'array',
    });
    const gateway = providerOptions.gateway ?? options.gateway ?? runner.defaultGateway;
    const tags = providerOptions.tags ?? options.tags;
    const allWarnings: Warning[] = [...warnings];
    if (tags && runner.transport === 'rest') {
      // Log tags are a binding option (`env.AI.run(…, { tags })`); the REST API has no field for them.
      allWarnings.push({
        type: 'unsupported',
        field: providerOptions.tags ? 'providerOptions.workers-ai.tags' : 'tags',
        details: 'log tags are only sent through the Workers AI binding, not over REST',
      });
    }
    if (providerOptions.rejectIfBusy && model.multipart && runner.transport === 'rest') {
      allWarnings.push({
        type: 'unsupported',
        field: 'providerOptions.workers-ai.rejectIfBusy',
        details: 'not available for multipart bodies over REST',
      });
    }
    let gatewayMetadata: Record<string, string> | undefined;
    const runOptions: RunOptions = {
      expectImage: true,
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      ...(gateway ? { gateway } : {}),
      ...(callOptions.headers ? { headers: callOptions.headers } : {}),
      ...(tags ? { tags } : {}),
      ...(providerOptions.rejectIfBusy && !(model.multipart && runner.transport === 'rest')
        ? { rejectIfBusy: true }
        : {}),
    };
    if (gateway) {
      runOptions.onResponse = (_status, headers) => {
        gatewayMetadata = gatewayResponseMetadata(headers);
      };
    }
    const emit = callOptions.onProgress ?? (() => {});
    emit({
      type: 'request',
      provider: 'workers-ai',
      modelId: model.id,
      detail: `${runner.transport}${gateway ? ` via AI Gateway ${gateway.id}` : ''}`,
    });
    const output = await runner.run(model.id, inputs, runOptions);
    const requestMs = performance.now() - start;
    emit({
      type: 'response',
      provider: 'workers-ai',
      modelId: model.id,
      ...(output instanceof Uint8Array ? { bytes: output.length } : {}),
    });
    emit({ type: 'decoding' });
    const image = await decodeImageOutput(output, model.id);
    throwIfAborted(callOptions.signal);
    const metadata: Record<string, unknown> = { transport: runner.transport };
    if (gateway) metadata.gateway = { id: gateway.id, ...gatewayMetadata };
    return {
      images: [
        {
          ...image,
          ...(model.capabilities.seed && request.seed !== undefined ? { seed: request.seed } : {}),
          annotations: {},
        },
      ],
      warnings: allWarnings,
      provider: 'workers-ai',
      modelId: model.id,
      timings: {
        totalMs: performance.now() - start,
        requestMs,
        decodeMs: performance.now() - start - requestMs,
      },
      providerMetadata: { 'workers-ai': metadata },
    };
  }

  const provider: ImageProvider = {
    specificationVersion: 'v1',
    provider: 'workers-ai',
    modelId: model.id,
    capabilities: model.capabilities,
    generate: (request, callOptions) => runOnce('generate', request, callOptions ?? {}),
  };
  // Every call is checked as the client checks it (a direct call too); `n` is split by the client,
  // and these models make one image per call.
  if (model.capabilities.editModes.length > 0) {
    return withRequestChecks({
      ...provider,
      edit: (request: EditRequest, callOptions: CallOptions) => runOnce('edit', request, callOptions ?? {}),
    });
  }
  return withRequestChecks(provider);
}
