import { InvalidRequestError } from '@pictor/core';
import { type CodecModules, decodeImage, encodeImage, type ImageFormat } from '@pictor/image';
import { type Detection, type DetectOptions, detectWatermarkRgba } from './detect.js';
import { type EmbedOptions, embedWatermarkRgba } from './embed.js';

/** Options of `embedWatermark`. */
export interface EmbedImageOptions extends EmbedOptions {
  /** JPEG and WebP quality of the re-encoded file, 1–100. Default 95 (the mark survives far lower). */
  quality?: number;
  /** The codecs' WebAssembly modules, in Cloudflare Workers (see `@pictor/image`). */
  wasm?: CodecModules;
}

/** A marked image file. */
export interface EmbeddedImage {
  bytes: Uint8Array;
  mediaType: ImageFormat;
  width: number;
  height: number;
  recordId: string;
  version: number;
  /** PSNR of the marked pixels against the input's, dB. */
  psnr: number;
}

/** The smallest side the canonical grid can carry a readable mark in. */
export const MIN_SIDE = 64;

/**
 * Marks an image file (PNG, JPEG or WebP) and writes it back in the same format. Its metadata is
 * not carried over: mark first, then write provenance (`licenceTagging()` does so in that order when
 * both are used). A file smaller than 64 px a side is an `InvalidRequestError`.
 *
 * @example
 * const { bytes, recordId } = await embedWatermark(png, { key: process.env.PICTOR_WATERMARK_KEY! });
 */
export async function embedWatermark(bytes: Uint8Array, options: EmbedImageOptions): Promise<EmbeddedImage> {
  const decoded = await decodeImage(bytes, {
    field: 'image',
    ...(options.wasm ? { wasm: options.wasm } : {}),
  });
  if (decoded.width < MIN_SIDE || decoded.height < MIN_SIDE)
    throw new InvalidRequestError(
      'image',
      `${decoded.width}×${decoded.height} is too small to watermark (at least ${MIN_SIDE} px a side)`,
    );
  const marked = await embedWatermarkRgba(decoded, options);
  const out = await encodeImage(marked.image, {
    mediaType: decoded.mediaType,
    quality: options.quality ?? 95,
    ...(decoded.mediaType === 'image/webp' && isLosslessWebp(bytes) ? { lossless: true } : {}),
    ...(options.wasm ? { wasm: options.wasm } : {}),
  });
  return {
    bytes: out,
    mediaType: decoded.mediaType,
    width: decoded.width,
    height: decoded.height,
    recordId: marked.recordId,
    version: marked.version,
    psnr: marked.psnr,
  };
}

/** Options of `detectWatermark`. */
export interface DetectImageOptions extends DetectOptions {
  wasm?: CodecModules;
}

/**
 * Looks for the key's mark in an image file. Bad bytes are an `InvalidRequestError`; an unmarked
 * image, or the wrong key, is `{ present: false }`.
 */
export async function detectWatermark(bytes: Uint8Array, options: DetectImageOptions): Promise<Detection> {
  const decoded = await decodeImage(bytes, {
    field: 'image',
    ...(options.wasm ? { wasm: options.wasm } : {}),
  });
  return detectWatermarkRgba(decoded, options);
}

/** A WebP whose first image chunk is `VP8L` (lossless) stays lossless. */
function isLosslessWebp(bytes: Uint8Array): boolean {
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = String.fromCharCode(
      bytes[offset]!,
      bytes[offset + 1]!,
      bytes[offset + 2]!,
      bytes[offset + 3]!,
    );
    if (id === 'VP8L') return true;
    if (id === 'VP8 ') return false;
    const size =
      bytes[offset + 4]! |
      (bytes[offset + 5]! << 8) |
      (bytes[offset + 6]! << 16) |
      (bytes[offset + 7]! << 24);
    offset += 8 + size + (size & 1);
  }
  return false;
}
