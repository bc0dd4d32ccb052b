import type { GatewayOptions } from './gateway.js';

/**
 * A multipart body, as the binding takes it: `{ multipart: { body, contentType } }`. FLUX.2 models
 * take only this. `body` is a `FormData` (with `contentType: 'multipart/form-data'`) or a serialized
 * stream with the boundary in `contentType`.
 */
export interface MultipartInputs {
  multipart: { body: FormData | ReadableStream<Uint8Array>; contentType: string };
}

/** Per-run options, shaped like the binding's `AiOptions`. */
export interface RunOptions {
  /** Aborts the run. */
  signal?: AbortSignal;
  /** Route through AI Gateway. */
  gateway?: GatewayOptions;
  /** Extra HTTP headers (REST) / `extraHeaders` (binding). Never logged. */
  headers?: Record<string, string>;
  /** Up to 5 tags for the request log (binding). */
  tags?: string[];
  /** Fail at once with 3040 instead of queueing when the model is busy. */
  rejectIfBusy?: boolean;
  /**
   * The asynchronous batch API: the binding's `queueRequest` option, `?queueRequest=true` over REST.
   * A submission answers `{ status: 'queued', request_id }`. `createWorkersAI(…).batch(model)` wraps it.
   */
  queueRequest?: boolean;
  /**
   * REST only: the answer is an image model's (a base64 image in a JSON envelope, or raw bytes), so the
   * base64 string is taken out of the JSON parse (`parseJsonBody`). The result is the same.
   */
  expectImage?: boolean;
  /** REST only: receives the response status and headers (for `cf-aig-cache-status` and the like). */
  onResponse?: (status: number, headers: Headers) => void;
}

/**
 * The one seam between the models and Cloudflare: `run(model, inputs, options)`, with the binding's
 * meaning. Both implementations return what the binding returns:
 * - JSON-output models: the bare result object (the REST envelope removed);
 * - binary-output models: the image bytes (`Uint8Array` over REST, a `ReadableStream` over the binding);
 * - `stream: true` inputs: a `ReadableStream` of SSE bytes.
 *
 * Failures are Pictor errors (`RateLimitError`, `AuthenticationError`, `InvalidRequestError`,
 * `ProviderError`, `AbortError`…), never plain `Error`s.
 */
export interface AiRunner {
  /** Which implementation this is. */
  readonly transport: 'rest' | 'binding';
  /** The gateway every run goes through unless a run names another. */
  readonly defaultGateway?: GatewayOptions | undefined;
  /** Runs a model. */
  run(
    model: string,
    inputs: Record<string, unknown> | MultipartInputs,
    options?: RunOptions,
  ): Promise<unknown>;
}

/**
 * The shape of a Workers AI binding (`env.AI`) that Pictor uses. The real `Ai` type from
 * `@cloudflare/workers-types` fits it.
 */
export interface AiBinding {
  // biome-ignore lint/suspicious/noExplicitAny: the real binding's overloads take model-specific types.
  run(model: any, inputs: any, options?: any): Promise<unknown>;
}
