import { PictorError } from '../errors/pictor-error.js';
import type { CallOptions } from '../spec/call-options.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { GeneratedImage, ImageResult } from '../spec/image-result.js';
import type { Warning } from '../spec/warning.js';
import { splitN } from './split-n.js';

/** One sub-call of a split request. */
export interface SplitCall<R> {
  request: R;
  /** Chunk index, or undefined when the request was not split. */
  index: number | undefined;
  /** Index of the chunk's first image in the whole request. */
  offset: number;
  /** Aborts when the caller aborts or a sibling call fails. */
  signal: AbortSignal | undefined;
}

/** Warnings without duplicates, in first-seen order. */
export function mergeWarnings(...lists: Warning[][]): Warning[] {
  const seen = new Set<string>();
  const out: Warning[] = [];
  for (const warning of lists.flat()) {
    const key = JSON.stringify(warning);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(warning);
    }
  }
  return out;
}

function join(results: ImageResult[]): ImageResult {
  const first = results[0]!;
  const timings: ImageResult['timings'] = { totalMs: 0 };
  for (const result of results) {
    for (const [phase, ms] of Object.entries(result.timings))
      timings[phase] = Math.max(timings[phase] ?? 0, ms);
  }
  const usage: Record<string, number> = {};
  for (const result of results)
    for (const [k, v] of Object.entries(result.usage ?? {})) usage[k] = (usage[k] ?? 0) + v;
  return {
    ...first,
    images: results.flatMap((r) => r.images),
    warnings: mergeWarnings(...results.map((r) => r.warnings)),
    timings,
    ...(Object.keys(usage).length ? { usage } : {}),
  };
}

/**
 * Runs `n` images as parallel calls of at most `maxImagesPerCall` and joins the results in order.
 * The first failure aborts the sibling calls (nothing more is billed for images nobody gets) and is
 * thrown once they have stopped; the images that did complete are on the error's `completedImages`.
 */
export async function runSplit<R extends GenerateRequest>(
  request: R,
  maxImagesPerCall: number,
  signal: CallOptions['signal'],
  call: (split: SplitCall<R>) => Promise<ImageResult>,
): Promise<ImageResult> {
  const chunks = splitN(request.n ?? 1, maxImagesPerCall, request.seed);
  if (chunks.length === 1) return call({ request, index: undefined, offset: 0, signal });
  const siblings = new AbortController();
  const onAbort = () => siblings.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let failure: { error: unknown } | undefined;
  try {
    const settled = await Promise.allSettled(
      chunks.map((chunk, i) => {
        const sub: R = { ...request, n: chunk.n };
        if (chunk.seed !== undefined) sub.seed = chunk.seed;
        return call({ request: sub, index: i, offset: chunk.offset, signal: siblings.signal }).catch(
          (error: unknown) => {
            if (!failure) {
              failure = { error };
              siblings.abort(error);
            }
            throw error;
          },
        );
      }),
    );
    if (failure) {
      const completed: GeneratedImage[] = settled.flatMap((s) =>
        s.status === 'fulfilled' ? s.value.images : [],
      );
      if (PictorError.isInstance(failure.error)) failure.error.completedImages = completed;
      throw failure.error;
    }
    return join(settled.map((s) => (s as PromiseFulfilledResult<ImageResult>).value));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
