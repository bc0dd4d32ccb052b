/**
 * A small, honest adapter — the base the broken adapters each spoil in one way. It validates a
 * direct call (`withRequestChecks`), honours abort between steps, reports per-step progress, returns
 * real PNGs of the size asked and throws typed errors. `flaw` names the one thing to get wrong.
 */
import {
  AbortError,
  encodePng,
  type GenerateRequest,
  type ImageProvider,
  type ImageResult,
  ProviderError,
  validateProviderRequest,
  withRequestChecks,
} from '@pictor/core';

export type Flaw =
  | 'none'
  | 'ignores-abort'
  | 'wrong-dimensions'
  | 'drops-field-silently'
  | 'throws-plain-error'
  | 'progress-after-done'
  | 'validates-nothing';

export interface ToyOptions {
  /** Milliseconds per call, spread over the steps. */
  latencyMs?: number;
  /** Every call fails (a backend error). */
  fail?: boolean;
}

function png(width: number, height: number): Promise<Uint8Array> {
  return encodePng({ width, height, data: new Uint8Array(width * height * 4).fill(180) });
}

/** Waits `ms`; an honest adapter stops when the signal aborts, a flawed one does not listen. */
function wait(ms: number, signal: AbortSignal | undefined, listens: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    if (!listens || !signal) return;
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AbortError());
      },
      { once: true },
    );
  });
}

export function toyAdapter(flaw: Flaw, options: ToyOptions = {}): ImageProvider {
  const listens = flaw !== 'ignores-abort';
  const provider: ImageProvider = {
    specificationVersion: 'v1',
    provider: 'toy',
    modelId: `toy-${flaw}`,
    capabilities: {
      generate: true,
      editModes: [],
      maxImagesPerCall: 2,
      width: { min: 8, max: 128 },
      height: { min: 8, max: 128 },
      sizeMultiple: 8,
      defaultSize: { width: 32, height: 32 },
      steps: { min: 1, max: 8, default: 4 },
      seed: true,
      negativePrompt: false,
      progress: 'step',
    },
    async generate(request: GenerateRequest, callOptions): Promise<ImageResult> {
      const start = performance.now();
      const steps = request.steps ?? 4;
      const emit = callOptions.onProgress ?? (() => {});
      for (let step = 1; step <= steps; step++) {
        await wait((options.latencyMs ?? 0) / steps, callOptions.signal, listens);
        if (listens && callOptions.signal?.aborted) throw new AbortError();
        emit({ type: 'step', step, total: steps });
      }
      if (options.fail) {
        if (flaw === 'throws-plain-error') throw new Error('backend exploded');
        throw new ProviderError('backend exploded', { status: 500, provider: 'toy' });
      }
      const width = request.width ?? 32;
      const height = request.height ?? 32;
      const images = [];
      for (let i = 0; i < (request.n ?? 1); i++) {
        const made =
          flaw === 'wrong-dimensions' ? await png(width / 2, height / 2) : await png(width, height);
        images.push({
          bytes: made,
          mediaType: 'image/png' as const,
          width,
          height,
          annotations: {},
          ...(request.seed !== undefined ? { seed: (request.seed + i) >>> 0 } : {}),
        });
      }
      if (flaw === 'progress-after-done') {
        // Work goes on after the answer: progress keeps arriving.
        for (const ms of [20, 60, 120])
          setTimeout(() => emit({ type: 'step', step: steps, total: steps }), ms);
      }
      return {
        images,
        warnings: [],
        provider: 'toy',
        modelId: `toy-${flaw}`,
        timings: { totalMs: performance.now() - start },
      };
    },
  };
  if (flaw === 'validates-nothing') return provider;
  if (flaw === 'throws-plain-error') {
    // Validates and warns like the others, but lets its backend's plain Error escape untyped.
    return {
      ...provider,
      generate: async (request, callOptions) => {
        const checked = validateProviderRequest('generate', request, provider.capabilities);
        const result = await provider.generate(checked.request, callOptions);
        return { ...result, warnings: [...checked.warnings, ...result.warnings] };
      },
    };
  }
  const checked = withRequestChecks(provider);
  if (flaw !== 'drops-field-silently') return checked;
  // Validates, but swallows the warnings about what it dropped.
  return {
    ...checked,
    generate: async (request, callOptions) => {
      const result = await checked.generate(request, callOptions);
      return { ...result, warnings: result.warnings.filter((w) => w.type !== 'unsupported') };
    },
  };
}
