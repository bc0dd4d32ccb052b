import type { ImageMediaType } from '../spec/image-input.js';
import { validateImage } from './validate-image.js';

export { sniffMediaType } from './sniff-media-type.js';

/** What the header of an image file says. */
export interface ImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

/**
 * Reads the media type and dimensions of a PNG, JPEG, WebP or GIF file after checking its whole
 * structure with `validateImage` (every PNG chunk CRC, the JPEG scans to EOI, the WebP chunks).
 * Anything else throws `InvalidResponseError`: unknown or corrupt bytes are never taken for an image.
 */
export function readImageInfo(bytes: Uint8Array): ImageInfo {
  const { mediaType, width, height } = validateImage(bytes);
  return { mediaType, width, height };
}

/**
 * The `'header'` level of `readImageInfo`: type and size from the magic bytes and header fields
 * (legal values, pixel budget), without walking the file. For code that only needs the size of
 * bytes already validated.
 */
export function readImageHeader(bytes: Uint8Array): ImageInfo {
  const { mediaType, width, height } = validateImage(bytes, { level: 'header' });
  return { mediaType, width, height };
}
