import { MalformedImageError } from '../errors/malformed-image-error.js';
import type { ContainerMetadata, MetadataWrite } from './container.js';
import { isJpeg, readJpegValidated, writeJpegValidated } from './jpeg.js';
import { isPng, readPngValidated, writePngValidated } from './png.js';
import { validateContainer } from './validate-container.js';
import { isWebp, readWebpValidated, writeWebpValidated } from './webp.js';

/** The containers this package reads and writes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

/** The container of `bytes` from its magic bytes; `MalformedImageError` when it is none of ours. */
export function detectFormat(bytes: Uint8Array): ImageFormat {
  if (!(bytes instanceof Uint8Array))
    throw new MalformedImageError('unknown', 'expected image bytes as a Uint8Array');
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  if (isWebp(bytes)) return 'webp';
  throw new MalformedImageError('unknown', 'not a PNG, JPEG or WebP file', 0);
}

/** Reads the container-level metadata of a PNG, JPEG or WebP file (validated first; see `validateContainer`). */
export function readContainer(bytes: Uint8Array): ContainerMetadata {
  const format = detectFormat(bytes);
  validateContainer(bytes, format);
  return readValidated(bytes, format);
}

/** `readContainer` for bytes already validated as `format`. */
export function readValidated(bytes: Uint8Array, format: ImageFormat): ContainerMetadata {
  return format === 'png'
    ? readPngValidated(bytes)
    : format === 'jpeg'
      ? readJpegValidated(bytes)
      : readWebpValidated(bytes);
}

/** Writes XMP (and, for PNG, text entries) into a PNG, JPEG or WebP file (validated first). */
export function writeContainer(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  const format = detectFormat(bytes);
  validateContainer(bytes, format);
  return writeValidated(bytes, format, write);
}

/** `writeContainer` for bytes already validated as `format`. */
export function writeValidated(bytes: Uint8Array, format: ImageFormat, write: MetadataWrite): Uint8Array {
  return format === 'png'
    ? writePngValidated(bytes, write)
    : format === 'jpeg'
      ? writeJpegValidated(bytes, write)
      : writeWebpValidated(bytes, write);
}

/** The media type of a format. */
export function mediaTypeOf(format: ImageFormat): 'image/png' | 'image/jpeg' | 'image/webp' {
  return format === 'png' ? 'image/png' : format === 'jpeg' ? 'image/jpeg' : 'image/webp';
}
