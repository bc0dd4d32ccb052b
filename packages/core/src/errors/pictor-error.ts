import type { GeneratedImage } from '../spec/image-result.js';
import { redactSecrets } from './redact.js';
import { scrubCause } from './scrub-cause.js';

const marker: unique symbol = Symbol.for('pictor.error');
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** Options shared by every Pictor error. */
export interface PictorErrorOptions {
  /** The provider id involved, when one is. */
  provider?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Overrides the class's default retry judgement. */
  isRetryable?: boolean;
}

/**
 * The root of every error Pictor throws. `code` is stable across versions (match on it, not on
 * messages). `isInstance` works across two copies of the package (it checks a `Symbol.for` marker,
 * not the prototype chain). Messages never contain API tokens: the message is redacted here, at
 * construction, and so is the whole `cause` chain (a cause that quotes a secret is replaced by a
 * redacted copy), so every wrapper and subclass is safe; `toJSON` and `util.inspect` redact again, for
 * secrets registered after the error was made.
 */
export class PictorError extends Error {
  /** Stable machine-readable code, for example `invalid_request`. */
  readonly code: string;
  /** Whether trying the same call again may succeed. */
  readonly isRetryable: boolean;
  /** The provider id involved, when one is. */
  readonly provider: string | undefined;
  /**
   * When one call of a split `n` failed: the images the other calls did complete before they were
   * stopped (the client sets it; empty otherwise). Not part of `toJSON`.
   */
  get completedImages(): GeneratedImage[] {
    return this.#completedImages;
  }
  set completedImages(images: GeneratedImage[]) {
    this.#completedImages = images;
  }
  #completedImages: GeneratedImage[] = [];
  protected readonly [marker] = true;

  constructor(code: string, message: string, options: PictorErrorOptions = {}) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: scrubCause(options.cause) },
    );
    this.name = 'PictorError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
    this.provider = options.provider;
  }

  /** True for any Pictor error, from this copy of the package or another. */
  static isInstance(value: unknown): value is PictorError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `value` is a Pictor error with this `code` (works across package copies). */
  static hasCode(value: unknown, code: string): value is PictorError {
    return PictorError.isInstance(value) && value.code === code;
  }

  /** A plain object for logs and JSON output, secrets redacted. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: redactSecrets(this.message),
      provider: this.provider,
      isRetryable: this.isRetryable,
    };
  }

  /** `util.inspect` (and so `console.log`) output, secrets redacted. */
  [inspectCustom](
    _depth: number,
    options: Record<string, unknown>,
    inspect: (value: unknown, options: Record<string, unknown>) => string,
  ): string {
    return redactSecrets(inspect(this, { ...options, customInspect: false }));
  }
}
