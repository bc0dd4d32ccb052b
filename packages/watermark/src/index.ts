// @pictor/watermark — an invisible, keyed watermark: presence with a stated false-positive rate, a
// 64-bit payload (scheme version, record id, CRC), robust to resizing and recompression.

export type { RgbaPixels } from './canonical.js';
export { type Detection, type DetectOptions, detectWatermarkRgba } from './detect.js';
// On RGBA pixels (any decoder).
export { type Embedded, type EmbedOptions, embedWatermarkRgba } from './embed.js';
// The payload.
export { randomRecordId, SCHEME_VERSION } from './payload.js';

/** The watermark's algorithm name, written into provenance records. */
export const WATERMARK_ALGORITHM = 'dev.pictor.ssdct.1';

/** The package version. */
export const VERSION = '0.1.0';
