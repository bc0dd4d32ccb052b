import { InvalidResponseError } from '../errors/invalid-response-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { redactValue } from '../errors/redact-value.js';
import { validateImage } from '../image/validate-image.js';
import type { ImageResult } from '../spec/image-result.js';

/**
 * Images the client validated as they left the provider, for the check after the middleware: the same
 * bytes object (same length) has its header re-read but its structure is not walked a second time,
 * so each image's full validation runs once per call. Bytes a middleware made (licence tagging writes
 * new ones) are validated in full again. One use per entry.
 */
const validatedByProvider = new WeakSet<Uint8Array>();
const lengthOf = new WeakMap<Uint8Array, number>();

/**
 * Validates every image's bytes with `validateImage` (the whole structure: PNG chunks and CRCs, JPEG
 * scans to EOI, WebP chunks), re-reads its media type and size from them (never trusting the
 * provider) and checks the result's shape. A result that is not what the spec promises → `InvalidResponseError`.
 * Warnings and `providerMetadata` (which may quote a provider's headers) have secrets redacted, so
 * neither the caller nor a cache store downstream ever holds one.
 */
export function verifyResult(
  result: unknown,
  provider: string,
  stage: 'provider' | 'final' = 'final',
): ImageResult {
  if (typeof result !== 'object' || result === null || !Array.isArray((result as ImageResult).images)) {
    throw new InvalidResponseError('the provider returned no images array', { provider });
  }
  const value = result as ImageResult;
  if (value.images.length === 0)
    throw new InvalidResponseError('the provider returned zero images', { provider });
  const images = value.images.map((image, index) => {
    if (!(image?.bytes instanceof Uint8Array)) {
      throw new InvalidResponseError(`image ${index} has no bytes`, { provider });
    }
    let info: ReturnType<typeof validateImage>;
    const bytes = image.bytes;
    const walked =
      stage === 'final' && validatedByProvider.has(bytes) && lengthOf.get(bytes) === bytes.length;
    try {
      if (walked) validatedByProvider.delete(bytes);
      info = validateImage(bytes, walked ? { level: 'header' } : {});
      if (stage === 'provider') {
        validatedByProvider.add(bytes);
        lengthOf.set(bytes, bytes.length);
      }
    } catch (error) {
      const message = PictorError.isInstance(error) ? error.message : String(error);
      throw new InvalidResponseError(`image ${index} is not a valid image: ${message}`, {
        provider,
        cause: error,
      });
    }
    if (info.mediaType === 'image/gif') {
      throw new InvalidResponseError(`image ${index} is a GIF; providers must return PNG, JPEG or WebP`, {
        provider,
      });
    }
    return {
      ...image,
      mediaType: info.mediaType,
      width: info.width,
      height: info.height,
      annotations: image.annotations ?? {},
    };
  });
  return {
    ...value,
    images,
    warnings: Array.isArray(value.warnings) ? redactValue(value.warnings) : [],
    ...(value.providerMetadata === undefined
      ? {}
      : { providerMetadata: redactValue(value.providerMetadata) }),
    timings: { ...value.timings, totalMs: value.timings?.totalMs ?? 0 },
  };
}
