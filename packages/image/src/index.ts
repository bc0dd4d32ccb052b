// @pictor/image — one image layer for every package: decode PNG, JPEG and WebP to RGBA under a pixel
// budget, encode RGBA back to any of them, and resize with one filter. Runs on Node and in Cloudflare
// Workers (pass the codecs' WebAssembly modules there: `CodecModules`).

// Decoding
export { decodeImage } from './decode-image.js';
// Encoding
export { encodeImage } from './encode-image.js';
// Resampling
export { type PixelBox, type ResizeFilter, type ResizeOptions, resizeRgba } from './resize-rgba.js';
// Types and limits
export {
  type CodecModules,
  DEFAULT_MAX_PIXELS,
  type DecodedImage,
  type DecodeImageOptions,
  type EncodeImageOptions,
  type ImageFormat,
  type RgbaPixels,
} from './types.js';
