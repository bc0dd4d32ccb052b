export { adler32, crc32 } from './crc32.js';
export { crc32Implementation, fastCrc32 } from './fast-crc32.js';
export {
  DEFAULT_MAX_PIXELS,
  type ImageCheck,
  type ImageDetails,
  type ImageValidation,
  type ImageValidationLevel,
  type JpegProcess,
  type ValidateImageOptions,
} from './image-check.js';
export { encodePng, type RgbaImage } from './png.js';
export { type ImageInfo, readImageHeader, readImageInfo, sniffMediaType } from './sniff-image.js';
export { checkImage, validateImage } from './validate-image.js';
export { zlibDeflate, zlibInflate, zlibStore } from './zlib.js';
