import { validateImage } from '../image/validate-image.js';
import type { NormalizedImage } from '../spec/image-input.js';

/**
 * The edit inputs' structural check, after `normalizeImageInput` has read them into bytes: the
 * one image validator (`validateImage`), so a corrupt image, mask or reference is an
 * `InvalidRequestError` naming its field before any provider call.
 */
export function validateInputImage(field: string, image: NormalizedImage): NormalizedImage {
  const { mediaType, width, height } = validateImage(image.bytes, { field });
  return { bytes: image.bytes, mediaType, width, height };
}
