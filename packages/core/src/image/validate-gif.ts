import type { ImageValidation, ImageValidationLevel } from './image-check.js';
import { defect } from './image-defect.js';

/**
 * GIF is accepted as an input only (never returned by a provider): its logical screen size, and at
 * `'structure'` the trailer byte. Its blocks are not walked.
 */
export function validateGif(
  bytes: Uint8Array,
  level: ImageValidationLevel,
): Omit<ImageValidation, 'mediaType'> {
  if (bytes.length < 14) defect('GIF is truncated', bytes.length);
  if (level === 'structure' && bytes[bytes.length - 1] !== 0x3b)
    defect('GIF is truncated: no trailer', bytes.length - 1);
  const width = bytes[6]! | (bytes[7]! << 8);
  const height = bytes[8]! | (bytes[9]! << 8);
  if (width < 1 || height < 1) defect(`GIF declares an empty size ${width}×${height}`, 6);
  return { width, height, level, animated: false, trailerBytes: 0, details: {} };
}
