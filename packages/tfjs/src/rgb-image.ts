import { decodePng, InvalidRequestError, sniffMediaType } from '@pictor/core';

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** An input image decoded to RGB, and whether transparent pixels were flattened onto white. */
export interface DecodedInput {
  image: RgbImage;
  flattened: boolean;
}

function flatten(width: number, height: number, rgba: Uint8Array): DecodedInput {
  const data = new Uint8Array(width * height * 3);
  let flattened = false;
  for (let p = 0; p < width * height; p++) {
    const alpha = rgba[p * 4 + 3]!;
    if (alpha !== 255) flattened = true;
    for (let c = 0; c < 3; c++) {
      data[p * 3 + c] = Math.round((rgba[p * 4 + c]! * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return { image: { width, height, data }, flattened };
}

/**
 * Decodes a PNG or JPEG input to RGB; transparency is composited onto white. Other types (WebP, GIF)
 * are an `InvalidRequestError` on `field`.
 */
export async function decodeInput(
  bytes: Uint8Array,
  field: string,
  maxPixels: number,
): Promise<DecodedInput> {
  const type = sniffMediaType(bytes);
  if (type === 'image/png') {
    const { width, height, data } = await decodePng(bytes, maxPixels);
    return flatten(width, height, data);
  }
  if (type === 'image/jpeg') {
    const jpeg = await import('jpeg-js');
    const decoded = (jpeg.default ?? jpeg).decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: 1024,
    });
    return flatten(decoded.width, decoded.height, decoded.data);
  }
  throw new InvalidRequestError(
    field,
    `${type ?? 'this image type'} inputs are not supported here; use PNG or JPEG`,
  );
}
