import { InvalidRequestError, InvalidResponseError, UnsupportedFeatureError } from '@pictor/core';

/** Where a decode failure is reported: the user's request field, or the provider's response. */
export interface FailureTarget {
  field?: string | undefined;
}

/** Bytes that are not a valid image: `InvalidRequestError` on the field, else `InvalidResponseError`. */
export function malformed(target: FailureTarget, message: string, cause?: unknown): never {
  const options = cause === undefined ? {} : { cause };
  if (target.field !== undefined) throw new InvalidRequestError(target.field, message, options);
  throw new InvalidResponseError(message, options);
}

/** A valid image this package cannot decode (arithmetic-coded JPEG, …). */
export function unsupported(target: FailureTarget, message: string): never {
  throw new UnsupportedFeatureError(target.field ?? 'image', message);
}

/** Refuses an image above the pixel budget, before anything is allocated for its pixels. */
export function checkBudget(target: FailureTarget, width: number, height: number, maxPixels: number): void {
  if (width < 1 || height < 1) malformed(target, `the image header declares a size of ${width}×${height}`);
  if (width * height > maxPixels)
    malformed(
      target,
      `the image is ${width}×${height} (${width * height} pixels), above the ${maxPixels}-pixel limit (maxPixels)`,
    );
}
