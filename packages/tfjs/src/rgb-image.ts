import { decodeImage } from '@pictor/image';

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

function flatten(width: number, height: number, rgba: Uint8ClampedArray): DecodedInput {
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
 * Decodes a PNG, JPEG or WebP input to RGB through `@pictor/image` (at most `maxPixels`, checked from
 * the header); transparency is composited onto white. Other types (GIF) and broken bytes are an
 * `InvalidRequestError` on `field`.
 */
export async function decodeInput(
  bytes: Uint8Array,
  field: string,
  maxPixels: number,
): Promise<DecodedInput> {
  const { width, height, data } = await decodeImage(bytes, { field, maxPixels });
  return flatten(width, height, data);
}
