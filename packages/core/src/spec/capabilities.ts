import type { EditMode } from './edit-request.js';

/** An inclusive numeric range. */
export interface Range {
  /** Smallest allowed value. */
  min: number;
  /** Largest allowed value. */
  max: number;
}

/**
 * What one model honours, declared up front, never discovered by failing. The client validates
 * every request against these before any network or model call.
 */
export interface Capabilities {
  /** Whether `generate` (text → image) exists for this model. */
  generate: boolean;
  /** Which `edit` modes exist. Empty when the model cannot edit. */
  editModes: readonly EditMode[];
  /** Most images one call may return. The client splits a larger `n` into parallel calls. */
  maxImagesPerCall: number;
  /** Allowed output width in pixels. Absent when the model has a fixed size (see `defaultSize`). */
  width?: Range;
  /** Allowed output height in pixels. */
  height?: Range;
  /** Width and height must be multiples of this (8 for latent diffusion models). Default 1. */
  sizeMultiple?: number;
  /** Exact sizes the model accepts, when it takes only a fixed list (overrides the ranges). */
  sizes?: readonly { width: number; height: number }[];
  /**
   * The size produced when the request names none. Only meaningful when `outputSize` is
   * `'request'` (the default); for a model whose output follows its input it is the nominal size
   * the client uses for size arithmetic, never a promise.
   */
  defaultSize: { width: number; height: number };
  /**
   * What decides the output size: `'request'` (default) — the request's `width`/`height`, else
   * `defaultSize`; `'input'` — an edit returns its input image's size; `{ scale }` — an edit returns
   * the input's size times `scale` (upscalers; `scale` is the default factor, which a per-call
   * provider option may change). With anything but `'request'`, a `width`/`height` on
   * the request is dropped with a warning.
   */
  outputSize?: 'request' | 'input' | { scale: number };
  /** Denoising steps: allowed range and default. Absent when the model has no steps. */
  steps?: Range & { default: number };
  /** Classifier-free guidance scale: allowed range and default. Absent when not honoured. */
  guidance?: Range & { default: number };
  /** Whether a seed is honoured (same seed, same image). */
  seed: boolean;
  /** Whether `negativePrompt` is honoured. */
  negativePrompt: boolean;
  /** Longest prompt in characters the model accepts. */
  maxPromptLength?: number;
  /** Most reference images for `reference` edits. */
  maxReferences?: number;
  /** Largest input image in bytes (after normalisation). */
  maxInputBytes?: number;
  /** `step`: a progress event per denoising step; `coarse`: only phase events (queued, decoding, done). */
  progress: 'step' | 'coarse';
  /**
   * Media types the model accepts as edit inputs (`image`, `mask`, `references`). Absent: PNG, JPEG
   * and WebP. The client refuses another type with an `InvalidRequestError` before any call.
   */
  inputTypes?: readonly ('image/png' | 'image/jpeg' | 'image/webp')[];
  /** Media types the model returns. */
  outputTypes?: readonly ('image/png' | 'image/jpeg' | 'image/webp')[];
}
