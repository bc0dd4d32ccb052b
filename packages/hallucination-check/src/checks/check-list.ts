import type { Check, TextStream } from '../types.js';
import { decomposeWithLlm } from './decompose-with-llm.js';
import { parsePrompt } from './parse-prompt.js';

/** How prompts become checks. */
export interface CheckListOptions {
  /** A streaming text model for prompts the deterministic parser cannot fully read. */
  decompose?: TextStream;
  /** `complex` (default): ask the text model only when the parser left words it did not understand; `always`. */
  decomposeWhen?: 'complex' | 'always';
  /** How many prompts' check lists to keep. Default 256. */
  cacheSize?: number;
}

/** Where a check list came from. */
export type CheckSource = 'parser' | 'llm' | 'parser (llm failed)';

/**
 * Builds check lists and caches them per prompt (least recently used out first). Concurrent calls for
 * the same prompt share one decomposition.
 */
export class CheckListBuilder {
  readonly #cache = new Map<string, Promise<{ checks: Check[]; source: CheckSource }>>();
  readonly #options: CheckListOptions;

  constructor(options: CheckListOptions = {}) {
    this.#options = options;
  }

  /** The checks for a prompt (from cache when seen before). */
  async checksFor(prompt: string, signal?: AbortSignal): Promise<{ checks: Check[]; source: CheckSource }> {
    const key = prompt.trim();
    const cached = this.#cache.get(key);
    if (cached) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const pending = this.#build(key, signal);
    this.#cache.set(key, pending);
    pending.catch(() => this.#cache.delete(key));
    while (this.#cache.size > (this.#options.cacheSize ?? 256))
      this.#cache.delete(this.#cache.keys().next().value as string);
    return pending;
  }

  async #build(prompt: string, signal?: AbortSignal): Promise<{ checks: Check[]; source: CheckSource }> {
    const parsed = parsePrompt(prompt);
    const { decompose, decomposeWhen = 'complex' } = this.#options;
    if (!decompose || (decomposeWhen === 'complex' && parsed.leftover.length === 0))
      return { checks: parsed.checks, source: 'parser' };
    try {
      const checks = await decomposeWithLlm(prompt, decompose, signal);
      return {
        checks: [...parsed.checks.filter((c) => c.kind === 'image' || c.kind === 'prompt'), ...checks],
        source: 'llm',
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { checks: parsed.checks, source: 'parser (llm failed)' };
    }
  }
}
