/** Something tfjs loaded that holds weights. */
export interface Disposable {
  dispose(): unknown;
}

/**
 * Loaded models by key: each is loaded once (concurrent callers share the load) and freed by
 * `disposeAll`. A failed load is forgotten so the next call tries again.
 */
export class ModelCache<M extends Disposable> {
  readonly #entries = new Map<string, Promise<M>>();

  /** The model for `key`, loading it with `load` the first time. */
  get(key: string, load: () => Promise<M>): Promise<M> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = load().catch((error: unknown) => {
        this.#entries.delete(key);
        throw error;
      });
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Whether `key` is loaded or loading. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Frees every loaded model. Safe to call twice. */
  async disposeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const result of await Promise.allSettled(entries)) {
      if (result.status === 'fulfilled') result.value.dispose();
    }
  }
}
