import { encodePng } from '@pictor/core';
import { decodeImage, type RgbaPixels, resizeRgba } from '@pictor/image';

/** Decodes an input (PNG, JPEG or WebP) through `@pictor/image`; bad bytes are an `InvalidRequestError` on `field`. */
function readImage(bytes: Uint8Array, field: string): Promise<RgbaPixels> {
  return decodeImage(bytes, { field });
}

/**
 * An image as the VAE encoder's input: planar RGB [3, height, width] in [-1, 1], resized with
 * `resizeRgba`'s default filter (area when shrinking, bilinear when growing) when its size differs.
 * Transparent pixels are composited on white.
 */
export async function imageToTensor(
  bytes: Uint8Array,
  width: number,
  height: number,
  field = 'image',
): Promise<Float32Array> {
  const decoded = await readImage(bytes, field);
  const image =
    decoded.width === width && decoded.height === height ? decoded : resizeRgba(decoded, width, height);
  const out = new Float32Array(3 * width * height);
  const plane = width * height;
  for (let p = 0; p < plane; p++) {
    const alpha = image.data[p * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) {
      const value = (image.data[p * 4 + c]! / 255) * alpha + (1 - alpha);
      out[c * plane + p] = value * 2 - 1;
    }
  }
  return out;
}

/** An inpainting mask as [height × width] of 0 (keep) and 1 (redraw): luminance ≥ 50 % is 1, as diffusers binarises. */
export async function maskToTensor(bytes: Uint8Array, width: number, height: number): Promise<Float32Array> {
  const image = resizeRgba(await readImage(bytes, 'mask'), width, height, { filter: 'nearest' });
  const out = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const o = p * 4;
    const luminance = 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
    out[p] = luminance * (image.data[o + 3]! / 255) >= 127.5 ? 1 : 0;
  }
  return out;
}

/** The mask at latent resolution (nearest neighbour, as `F.interpolate`'s default). */
export function downsampleMask(
  mask: Float32Array,
  width: number,
  height: number,
  factor: number,
): Float32Array {
  const w = width / factor;
  const h = height / factor;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) out[y * w + x] = mask[y * factor * width + x * factor]!;
  return out;
}

/**
 * A decoded image (planar RGB in [-1, 1]) as PNG bytes: x/2 + 0.5 clamped to [0, 1], times 255,
 * rounded. Undefined when a value is NaN (an overflowing fp16 VAE), which must not become a black picture.
 */
export async function tensorToPng(
  values: Float32Array,
  offset: number,
  width: number,
  height: number,
): Promise<Uint8Array | undefined> {
  const plane = width * height;
  const rgb = new Uint8Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const base = offset + c * plane;
    for (let p = 0; p < plane; p++) {
      const x = values[base + p]!;
      if (Number.isNaN(x)) return undefined;
      const value = Math.round((x / 2 + 0.5) * 255);
      rgb[p * 3 + c] = value < 0 ? 0 : Math.min(value, 255);
    }
  }
  return encodePng({ width, height, data: rgb }, 3);
}
