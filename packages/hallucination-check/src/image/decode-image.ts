import { decodePng, type RgbaImage, sniffMediaType } from '@pictor/core';

/** An image decoded once and shared by every judge: RGBA pixels plus a per-image cache of derived data. */
export interface DecodedImage extends RgbaImage {
  /** Derived data (resized tensors, hashes) computed by one judge and reusable by others, keyed by purpose. */
  readonly derived: Map<string, unknown>;
}

/** The outcome of decoding: pixels, or the reason there are none. */
export type DecodeOutcome = { image: DecodedImage; error?: undefined } | { image?: undefined; error: string };

/**
 * Decodes PNG (core's decoder) and JPEG (jpeg-js, loaded on first use) into RGBA. WebP and anything else
 * comes back as an error string, never a throw: the judges then say `uncertain` with that reason.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels = 64 * 1024 * 1024): Promise<DecodeOutcome> {
  const type = sniffMediaType(bytes);
  try {
    if (type === 'image/png') {
      const png = await decodePng(bytes, maxPixels);
      return { image: { ...png, derived: new Map() } };
    }
    if (type === 'image/jpeg') {
      const jpeg = (await import('jpeg-js')).default;
      const out = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: maxPixels / 1e6,
      });
      return { image: { width: out.width, height: out.height, data: out.data, derived: new Map() } };
    }
    if (type === 'image/webp')
      return { error: 'WebP images cannot be decoded by this package (no WebP decoder is bundled)' };
    return { error: 'the bytes are not a PNG, JPEG or WebP image' };
  } catch (error) {
    return { error: `the ${type ?? 'image'} bytes could not be decoded: ${(error as Error).message}` };
  }
}

/** Wraps already-decoded RGBA pixels (from your own decoder) for the judges. */
export function fromRgba(image: RgbaImage): DecodedImage {
  return { width: image.width, height: image.height, data: image.data, derived: new Map() };
}
