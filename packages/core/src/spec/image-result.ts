import type { Warning } from './warning.js';

/** One generated image. */
export interface GeneratedImage {
  /** The encoded image file. */
  bytes: Uint8Array;
  /** Read from the bytes, never trusted from the provider. */
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  /** Width in pixels, read from the bytes. */
  width: number;
  /** Height in pixels, read from the bytes. */
  height: number;
  /** The seed that made this image, when the model honours seeds. */
  seed?: number;
  /** Middleware results keyed by middleware name (for example `hallucination-check`, `licence-tagging`). */
  annotations: Record<string, unknown>;
}

/** What `generate` and `edit` return. */
export interface ImageResult {
  /** The images, in request order. */
  images: GeneratedImage[];
  /** What was not done as asked (dropped fields, fallbacks…). */
  warnings: Warning[];
  /** The provider that answered (after fallbacks). */
  provider: string;
  /** The model that answered. */
  modelId: string;
  /** Milliseconds: `totalMs` for the whole call, plus named phases (`requestMs`, `decodeMs`, `validateMs`…). */
  timings: { totalMs: number; [phase: string]: number };
  /** Provider-reported usage (for example `neurons`, `steps`), when known. */
  usage?: { [key: string]: number };
  /** Provider-specific details (for example the execution provider or backend that actually ran). */
  providerMetadata?: Record<string, Record<string, unknown>>;
}
