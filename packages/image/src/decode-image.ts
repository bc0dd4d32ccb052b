import { sniffMediaType } from '@pictor/core';
import { malformed } from './failure.js';
import { decodeJpeg } from './jpeg/decode-jpeg.js';
import { decodePng } from './png/decode-png.js';
import { DEFAULT_MAX_PIXELS, type DecodedImage, type DecodeImageOptions } from './types.js';
import { decodeWebp } from './webp/decode-webp.js';

/**
 * Decodes a PNG, JPEG or WebP file to RGBA, 8 bits per channel. The size is read from the header and
 * checked against `maxPixels` before any pixel memory is allocated; the codec for the format is loaded
 * on first use.
 *
 * - PNG: every legal colour type and bit depth (16-bit rounded to 8), interlaced or not, `tRNS`
 *   transparency; an APNG's default image, with `frames` set.
 * - JPEG: baseline and progressive, grey, YCbCr, CMYK and YCCK (to RGB); arithmetic-coded, 12-bit and
 *   lossless JPEGs are an `UnsupportedFeatureError`.
 * - WebP: lossy, lossless, with alpha; an animation's first frame, with `frames` set.
 *
 * Every file first goes through core's validator (`checkImage`, the structural level) after the pixel
 * budget: bytes that are not a valid image are an `InvalidRequestError` on `options.field` when given
 * (user input), else an `InvalidResponseError` (provider output), with the validator's reason; GIF
 * and unknown types likewise. A valid
 * image this package cannot decode is an `UnsupportedFeatureError` (on `field`, else `image`).
 *
 * @example
 * const { width, height, data } = await decodeImage(bytes, { field: 'image', maxPixels: 2048 * 2048 });
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: DecodeImageOptions = {},
): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const target = { field: options.field };
  const type = sniffMediaType(bytes);
  if (type === 'image/png') return decodePng(bytes, maxPixels, target, options.wasm);
  if (type === 'image/jpeg') return decodeJpeg(bytes, maxPixels, target, options.wasm);
  if (type === 'image/webp') return decodeWebp(bytes, maxPixels, target, options.wasm);
  const what = type === 'image/gif' ? 'GIF images are' : 'the bytes are not a PNG, JPEG or WebP image, and';
  return malformed(target, `${what} not supported; use PNG, JPEG or WebP`);
}
