export { adler32, crc32 } from './crc32.js';
export { encodePng, type RgbaImage } from './png.js';
export { type ImageInfo, readImageInfo, sniffMediaType } from './sniff-image.js';
export { zlibDeflate, zlibInflate, zlibStore } from './zlib.js';
