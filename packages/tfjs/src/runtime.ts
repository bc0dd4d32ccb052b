import type { BackendLoadOptions, BackendPreference, SelectedBackend } from './backend.js';
import { selectBackend } from './backend.js';

/**
 * One model's handle on tfjs: picks the backend on first use (and remembers it), and makes it current
 * again before each run, since tfjs keeps a single current backend per process.
 */
export class TfjsRuntime {
  #selected: Promise<SelectedBackend> | undefined;

  constructor(
    readonly preference: BackendPreference,
    private readonly options: BackendLoadOptions,
  ) {}

  /** The selected backend, current. */
  async use(): Promise<SelectedBackend> {
    this.#selected ??= selectBackend(this.preference, this.options).catch((error: unknown) => {
      this.#selected = undefined;
      throw error;
    });
    const selected = await this.#selected;
    if (selected.tf.getBackend() !== selected.backend) await selected.tf.setBackend(selected.backend);
    return selected;
  }
}
