import type { CallOptions } from '../spec/call-options.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageResult } from '../spec/image-result.js';
import type { ProgressEvent } from '../spec/progress-event.js';
import type { DrawnSeed } from './call-seed.js';

/** Log levels for the context's logger hook. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a middleware knows about the call it wraps. */
export interface MiddlewareContext {
  /** `generate` or `edit`. */
  readonly operation: 'generate' | 'edit';
  /** The wrapped provider's id. */
  readonly provider: string;
  /** The wrapped provider's model id. */
  readonly modelId: string;
  /** The wrapped provider's capabilities. */
  readonly capabilities: Capabilities;
  /** The call options (signal, progress callback, headers). */
  readonly options: CallOptions;
  /** The call's abort signal, when there is one. */
  readonly signal: AbortSignal | undefined;
  /**
   * Set when the caller named no seed and the client drew one (`seed`, and `offset`: the call's first
   * image index in a split `n`). A request whose `seed` still equals it is "seedless" to the caller:
   * `cache()` keys it without the seed. Undefined when the caller chose the seed.
   */
  readonly drawnSeed: DrawnSeed | undefined;
  /** Sends a progress event to the caller. Never throws. */
  emit(event: ProgressEvent): void;
  /** Logger hook; a no-op unless the client was given a `logger`. Never pass secrets. */
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
}

/** Calls the next layer (the next middleware, or the provider). `options` override the call's options. */
export type NextGenerate = (request: GenerateRequest, options?: CallOptions) => Promise<ImageResult>;
/** Calls the next layer for an edit. */
export type NextEdit = (request: EditRequest, options?: CallOptions) => Promise<ImageResult>;

/**
 * A middleware wraps a provider's calls. **The first middleware listed is the outermost**: in
 * `wrapProvider(p, a, b)`, a call runs `a` → `b` → `p`, and the result comes back `p` → `b` → `a`.
 */
export interface Middleware {
  /** The middleware's name; also the key of its `annotations` on each image. */
  readonly name: string;
  /** Rewrites the request before it goes further in (for both generate and edit). */
  transformRequest?<R extends GenerateRequest>(request: R, context: MiddlewareContext): R | Promise<R>;
  /** Wraps `generate`. Call `next` zero or more times. */
  wrapGenerate?(
    next: NextGenerate,
    request: GenerateRequest,
    context: MiddlewareContext,
  ): Promise<ImageResult>;
  /** Wraps `edit`. Call `next` zero or more times. */
  wrapEdit?(next: NextEdit, request: EditRequest, context: MiddlewareContext): Promise<ImageResult>;
}
