import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { InvalidResponseError } from '../errors/invalid-response-error.js';
import type { ImageMediaType } from '../spec/image-input.js';
import {
  DEFAULT_MAX_PIXELS,
  type ImageCheck,
  type ImageValidation,
  type ValidateImageOptions,
} from './image-check.js';
import { ImageDefect } from './image-defect.js';
import { sniffMediaType } from './sniff-media-type.js';
import { validateGif } from './validate-gif.js';
import { validateJpeg } from './validate-jpeg.js';
import { validatePng } from './validate-png.js';
import { validateWebp } from './validate-webp.js';

const VALIDATORS = {
  'image/png': validatePng,
  'image/jpeg': validateJpeg,
  'image/webp': validateWebp,
  'image/gif': validateGif,
} as const;

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}

/**
 * Checks that `bytes` are a well-formed PNG, JPEG, WebP or GIF file within the pixel budget, and
 * says what is wrong when they are not. Never throws for bad bytes (only for a non-`Uint8Array`).
 *
 * @example
 * const check = checkImage(bytes);
 * if (!check.ok) console.warn(`${check.problem} at byte ${check.offset}`);
 */
export function checkImage(bytes: Uint8Array, options: ValidateImageOptions = {}): ImageCheck {
  const mediaType: ImageMediaType | undefined =
    bytes instanceof Uint8Array ? sniffMediaType(bytes) : undefined;
  if (!(bytes instanceof Uint8Array))
    return { ok: false, mediaType, problem: 'expected the image as a Uint8Array', offset: undefined };
  if (!mediaType) {
    const problem = `not a PNG, JPEG, WebP or GIF image (${bytes.length} bytes starting ${hexPrefix(bytes)})`;
    return { ok: false, mediaType, problem, offset: 0 };
  }
  const level = options.level ?? 'structure';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  try {
    const found = VALIDATORS[mediaType](bytes, 'header');
    if (found.width * found.height > maxPixels) {
      const problem = `${found.width}×${found.height} is over the pixel budget of ${maxPixels} pixels`;
      return { ok: false, mediaType, problem, offset: undefined };
    }
    const image: ImageValidation = {
      mediaType,
      ...(level === 'header' ? found : VALIDATORS[mediaType](bytes, level)),
    };
    return { ok: true, image };
  } catch (error) {
    if (error instanceof ImageDefect)
      return { ok: false, mediaType, problem: error.message, offset: error.offset };
    throw error;
  }
}

/**
 * The one image validator: reads the media type and size of a PNG, JPEG, WebP or GIF file and
 * checks its structure (see `ImageValidationLevel`), so unknown or corrupt bytes are never taken
 * for an image. Failures are `InvalidResponseError` (provider output), or `InvalidRequestError`
 * naming `options.field` (user input).
 *
 * @example
 * const { mediaType, width, height, trailerBytes } = validateImage(bytes, { field: 'image' });
 */
export function validateImage(bytes: Uint8Array, options: ValidateImageOptions = {}): ImageValidation {
  const check = checkImage(bytes, options);
  if (check.ok) return check.image;
  const where = check.offset === undefined ? '' : ` (at byte ${check.offset})`;
  if (options.field !== undefined)
    throw new InvalidRequestError(options.field, `is not a valid image: ${check.problem}${where}`);
  throw new InvalidResponseError(`${check.problem}${where}`);
}
