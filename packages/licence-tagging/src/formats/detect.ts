import { MalformedImageError } from '../errors/malformed-image-error.js';
import type { ContainerMetadata, MetadataWrite } from './container.js';
import { isJpeg, readJpeg, writeJpeg } from './jpeg.js';
import { isPng, readPng, writePng } from './png.js';
import { isWebp, readWebp, writeWebp } from './webp.js';

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

/** Reads the container-level metadata of a PNG, JPEG or WebP file. */
export function readContainer(bytes: Uint8Array): ContainerMetadata {
  const format = detectFormat(bytes);
  return format === 'png' ? readPng(bytes) : format === 'jpeg' ? readJpeg(bytes) : readWebp(bytes);
}

/** Writes XMP (and, for PNG, text entries) into a PNG, JPEG or WebP file. */
export function writeContainer(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  const format = detectFormat(bytes);
  return format === 'png'
    ? writePng(bytes, write)
    : format === 'jpeg'
      ? writeJpeg(bytes, write)
      : writeWebp(bytes, write);
}

/** The media type of a format. */
export function mediaTypeOf(format: ImageFormat): 'image/png' | 'image/jpeg' | 'image/webp' {
  return format === 'png' ? 'image/png' : format === 'jpeg' ? 'image/jpeg' : 'image/webp';
}
