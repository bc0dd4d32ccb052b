import type { CallOptions } from './call-options.js';
import type { Capabilities } from './capabilities.js';
import type { EditRequest } from './edit-request.js';
import type { GenerateRequest } from './generate-request.js';
import type { ImageResult } from './image-result.js';

/** Known provider ids; any other string is allowed. */
export type ProviderId = 'workers-ai' | 'onnx' | 'tfjs' | (string & {});

/**
 * The contract every adapter implements. Users call it through `createImageClient`, which
 * validates and normalises requests first; an adapter may therefore assume:
 * - `request.prompt` is non-empty and sizes, steps, `n` etc. are within `capabilities`;
 * - fields the model ignores were removed (and reported as warnings);
 * - in `edit`, `image`, `mask` and `references` are `Uint8Array`s of a known image type;
 * - `request.n` ≤ `capabilities.maxImagesPerCall`.
 */
export interface ImageProvider {
  /** The spec version this provider implements. */
  readonly specificationVersion: 'v1';
  /** The provider id, for example `workers-ai`. */
  readonly provider: ProviderId;
  /** The model id, for example `@cf/black-forest-labs/flux-1-schnell`. */
  readonly modelId: string;
  /** What this model honours. */
  readonly capabilities: Capabilities;
  /** Text → image. */
  generate(request: GenerateRequest, options: CallOptions): Promise<ImageResult>;
  /** Image → image, when `capabilities.editModes` is non-empty. */
  edit?(request: EditRequest, options: CallOptions): Promise<ImageResult>;
  /** Frees sessions, models and GPU memory held by local runtimes. Safe to call twice. */
  dispose?(): Promise<void>;
}
