// @pictor/watermark — an invisible, keyed watermark: presence with a stated false-positive rate, a
// 64-bit payload (scheme version, record id, CRC), robust to resizing and recompression.

export { WATERMARK_ALGORITHM } from './algorithm.js';
export type { RgbaPixels } from './canonical.js';
export { type Detection, type DetectOptions, detectWatermarkRgba } from './detect.js';
// On RGBA pixels (any decoder).
export { type Embedded, type EmbedOptions, embedWatermarkRgba } from './embed.js';
export { middlewareFromConfig, watermarkConfigSchema } from './from-config.js';
export { watermarkKeyId } from './key-id.js';
// The payload.
export { randomRecordId, SCHEME_VERSION } from './payload.js';
// On image files (PNG, JPEG, WebP, written back in their own format).
export {
  type DetectImageOptions,
  detectWatermark,
  type EmbeddedImage,
  type EmbedImageOptions,
  embedWatermark,
} from './watermark-image.js';
// The middleware, and its config form (`{ "use": "watermark" }`).
export { type WatermarkAnnotation, type WatermarkOptions, watermark } from './watermark-middleware.js';

/** The package version. */
export const VERSION = '0.1.0';
