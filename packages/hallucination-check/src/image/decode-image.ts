import type { RgbaImage } from '@pictor/core';
import { decodeImage as decodeFile } from '@pictor/image';

/** An image decoded once and shared by every judge: RGBA pixels plus a per-image cache of derived data. */
export interface DecodedImage extends RgbaImage {
  /** Derived data (resized tensors, hashes) computed by one judge and reusable by others, keyed by purpose. */
  readonly derived: Map<string, unknown>;
}

/** The outcome of decoding: pixels, or the reason there are none. */
export type DecodeOutcome = { image: DecodedImage; error?: undefined } | { image?: undefined; error: string };

/**
 * Decodes PNG, JPEG and WebP (through `@pictor/image`, at most `maxPixels`, checked from the header
 * before any allocation) into RGBA. Anything else, or broken bytes, comes back as an error string,
 * never a throw: the `degenerate` judge then fails the `image` check with that reason, and the other
 * judges skip it.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels?: number): Promise<DecodeOutcome> {
  try {
    const { width, height, data } = await decodeFile(bytes, maxPixels === undefined ? {} : { maxPixels });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { image: { width, height, data: pixels, derived: new Map() } };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Wraps already-decoded RGBA pixels (from your own decoder) for the judges. */
export function fromRgba(image: RgbaImage): DecodedImage {
  return { width: image.width, height: image.height, data: image.data, derived: new Map() };
}
