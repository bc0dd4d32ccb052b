import { checkImage, type ImageValidation } from '@pictor/core';
import { MalformedImageError } from '../errors/malformed-image-error.js';
import type { ImageFormat } from './detect.js';

/**
 * The same structural check the client applies to provider output (`checkImage` from core: every
 * PNG chunk and CRC, every JPEG scan to EOI, every WebP chunk), so the reader and the writers refuse
 * exactly what the validator refuses, as a `MalformedImageError`.
 */
export function validateContainer(bytes: Uint8Array, format: ImageFormat): ImageValidation {
  const check = checkImage(bytes);
  if (check.ok) return check.image;
  const problem =
    check.mediaType === undefined
      ? `not a ${format.toUpperCase()} file: bad signature (${check.problem})`
      : check.problem;
  throw new MalformedImageError(format, problem, check.offset);
}
