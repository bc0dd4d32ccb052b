import { checkImage, InvalidRequestError, InvalidResponseError, UnsupportedFeatureError } from '@pictor/core';

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

/**
 * The one validator's structural walk (core's `checkImage`), run after the pixel budget and before any
 * codec: a file the validator refuses — truncated, damaged, inconsistent — is refused here too, for the
 * validator's reason, instead of being decoded as far as the codec gets (libjpeg fills a JPEG cut in
 * its scan with grey and only warns, "Premature end of JPEG file").
 */
export function checkStructure(bytes: Uint8Array, target: FailureTarget): void {
  // The budget was checked from the header already, with this package's own limit and message.
  const check = checkImage(bytes, { maxPixels: Number.MAX_SAFE_INTEGER });
  if (check.ok) return;
  malformed(
    target,
    check.offset === undefined ? check.problem : `${check.problem} (at byte ${check.offset})`,
  );
}
