/** A text-to-image request. Every field except `prompt` is optional; the model's defaults apply. */
export interface GenerateRequest {
  /** What the image should show. Must contain a non-whitespace character. */
  prompt: string;
  /** What the image should not show. Dropped with a warning where the model ignores it. */
  negativePrompt?: string;
  /** Output width in pixels; within the model's declared range and multiple. */
  width?: number;
  /** Output height in pixels; within the model's declared range and multiple. */
  height?: number;
  /**
   * Output size as `"WIDTHxHEIGHT"` (`"1024x768"`), instead of `width`/`height`. Unlike those, it is
   * snapped to the nearest size the model makes, with an `adjusted` warning when it changed.
   */
  size?: `${number}x${number}`;
  /**
   * Aspect ratio as `"W:H"` (`"16:9"`), instead of a size: the model's default area at that ratio,
   * snapped to a size the model makes, with an `adjusted` warning when the ratio is not exact.
   */
  aspectRatio?: `${number}:${number}`;
  /** Number of images, 1–64. Above the model's per-call maximum the client makes parallel calls. Default 1. */
  n?: number;
  /**
   * Seed for reproducible output: an integer 0 ≤ seed < 2^32. With `n` > 1, image i uses `seed + i`.
   * Absent: the client picks one at random and reports it on each image.
   */
  seed?: number;
  /** Denoising steps; within the model's declared range. */
  steps?: number;
  /** Classifier-free guidance scale; within the model's declared range. */
  guidance?: number;
  /**
   * Knobs only one provider understands, keyed by provider id (`{ 'workers-ai': { … } }`).
   * Each adapter checks its own entry with a zod schema and ignores the others.
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}
