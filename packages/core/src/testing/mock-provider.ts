import { sleep } from '../client/abortable.js';
import { withRequestChecks } from '../client/checked-provider.js';
import { AbortError } from '../errors/abort-error.js';
import { encodePng } from '../image/png.js';
import { createPrng } from '../noise/seeded-noise.js';
import type { CallOptions } from '../spec/call-options.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { GeneratedImage, ImageResult } from '../spec/image-result.js';

/** A recorded call of the mock provider. */
export interface MockCall {
  operation: 'generate' | 'edit';
  request: GenerateRequest | EditRequest;
  options: CallOptions;
}

/** Options of `mockProvider`. */
export interface MockProviderOptions {
  /** Provider id. Default `mock`. */
  provider?: string;
  /** Model id. Default `mock-model`. */
  modelId?: string;
  /** Capabilities, merged over permissive defaults; a key set to `undefined` removes that capability. */
  capabilities?: { [K in keyof Capabilities]?: Capabilities[K] | undefined };
  /** Milliseconds per call (spread over the steps when `steps` progress is on). Default 0. */
  latencyMs?: number;
  /**
   * Makes calls fail: an error to throw on every call, a list to throw on successive calls (undefined
   * entries succeed), or a function of the call number (0-based) and request.
   */
  fail?: unknown | unknown[] | ((call: number, request: GenerateRequest) => unknown);
  /** Returns these bytes instead of a PNG (to test response checking). */
  bytes?: Uint8Array | ((request: GenerateRequest, index: number) => Uint8Array);
}

const defaults: Capabilities = {
  generate: true,
  editModes: ['img2img', 'inpaint', 'reference', 'upscale'],
  maxImagesPerCall: 4,
  width: { min: 8, max: 2048 },
  height: { min: 8, max: 2048 },
  sizeMultiple: 8,
  defaultSize: { width: 64, height: 64 },
  steps: { min: 1, max: 50, default: 4 },
  guidance: { min: 0, max: 20, default: 7.5 },
  seed: true,
  negativePrompt: true,
  maxPromptLength: 2048,
  maxReferences: 4,
  progress: 'step',
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A deterministic picture for (prompt, seed): a two-colour gradient, so tests can tell images apart. */
async function picture(prompt: string, seed: number, width: number, height: number): Promise<Uint8Array> {
  const next = createPrng(hash(prompt) ^ seed);
  const a = [next() & 255, next() & 255, next() & 255];
  const b = [next() & 255, next() & 255, next() & 255];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / Math.max(1, width + height - 2);
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = Math.round(a[c]! * (1 - t) + b[c]! * t);
      data[o + 3] = 255;
    }
  }
  return encodePng({ width, height, data });
}

/** The mock provider plus what it saw. */
export interface MockProvider extends ImageProvider {
  /** Every call, in order. */
  readonly calls: MockCall[];
  /** Calls currently running. */
  readonly inFlight: number;
  /** Whether `dispose` was called. */
  readonly disposed: boolean;
}

/**
 * A provider for tests (yours and ours): real PNGs (a deterministic gradient per prompt and seed),
 * configurable capabilities, latency, failures and per-step progress; honours abort and records calls.
 * Like every adapter it validates a direct call itself (`withRequestChecks`).
 *
 * @example
 * import { mockProvider } from '@pictor/core/test';
 * const provider = mockProvider({ latencyMs: 20, fail: [new RateLimitError('busy')] });
 * const client = createImageClient({ provider, middleware: [retry()] });
 */
export function mockProvider(options: MockProviderOptions = {}): MockProvider {
  const capabilities = { ...defaults, ...options.capabilities } as Capabilities;
  for (const key of Object.keys(capabilities) as (keyof Capabilities)[]) {
    if (capabilities[key] === undefined) delete capabilities[key];
  }
  const calls: MockCall[] = [];
  let inFlight = 0;
  let disposed = false;

  async function run(
    operation: 'generate' | 'edit',
    request: GenerateRequest,
    callOptions: CallOptions,
  ): Promise<ImageResult> {
    const start = performance.now();
    const callNumber = calls.length;
    calls.push({ operation, request, options: callOptions });
    if (callOptions.signal?.aborted) throw new AbortError();
    inFlight++;
    try {
      const { fail } = options;
      const failure =
        typeof fail === 'function'
          ? (fail as (call: number, request: GenerateRequest) => unknown)(callNumber, request)
          : Array.isArray(fail)
            ? fail[callNumber]
            : fail;
      const latency = options.latencyMs ?? 0;
      const steps =
        capabilities.progress === 'step' ? (request.steps ?? capabilities.steps?.default ?? 1) : 1;
      if (capabilities.progress === 'coarse')
        callOptions.onProgress?.({
          type: 'request',
          provider: options.provider ?? 'mock',
          modelId: options.modelId ?? 'mock-model',
        });
      for (let step = 1; step <= steps; step++) {
        if (latency > 0) await sleep(latency / steps, callOptions.signal);
        if (callOptions.signal?.aborted) throw new AbortError();
        if (capabilities.progress === 'step') callOptions.onProgress?.({ type: 'step', step, total: steps });
      }
      if (failure !== undefined) throw failure;
      callOptions.onProgress?.({ type: 'decoding' });
      const width = request.width ?? capabilities.defaultSize.width;
      const height = request.height ?? capabilities.defaultSize.height;
      const images: GeneratedImage[] = [];
      for (let i = 0; i < (request.n ?? 1); i++) {
        const seed = ((request.seed ?? 0) + i) >>> 0;
        const bytes =
          typeof options.bytes === 'function'
            ? options.bytes(request, i)
            : (options.bytes ?? (await picture(request.prompt, seed, width, height)));
        images.push({
          bytes,
          mediaType: 'image/png',
          width,
          height,
          annotations: {},
          ...(request.seed !== undefined ? { seed } : {}),
        });
      }
      return {
        images,
        warnings: [],
        provider: options.provider ?? 'mock',
        modelId: options.modelId ?? 'mock-model',
        timings: { totalMs: performance.now() - start },
      };
    } finally {
      inFlight--;
    }
  }

  // Held to the spec like every adapter: a direct call is validated and warned about too.
  return withRequestChecks<MockProvider>({
    specificationVersion: 'v1',
    provider: options.provider ?? 'mock',
    modelId: options.modelId ?? 'mock-model',
    capabilities,
    calls,
    get inFlight() {
      return inFlight;
    },
    get disposed() {
      return disposed;
    },
    generate: (request, callOptions) => run('generate', request, callOptions ?? {}),
    edit: (request, callOptions) => run('edit', request, callOptions ?? {}),
    dispose: async () => {
      disposed = true;
    },
  });
}
