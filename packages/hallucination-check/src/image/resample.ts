import type { RgbaImage } from '@pictor/core';
import { type PixelBox, type ResizeOptions, resizeRgba } from '@pictor/image';

/** A box in pixels of the source image. */
export type { PixelBox } from '@pictor/image';

/**
 * Resamples (part of) an RGBA image to `width`×`height` RGB floats through `@pictor/image`'s
 * `resizeRgba`: area averaging when shrinking and nearest sampling when growing (its `'area'` filter),
 * or point sampling with `maxTaps` 1 (which keeps the noise statistics the degenerate judge reads).
 * Alpha is composited over white (how transparent PNGs are shown). Values are 0..255, channels last
 * (HWC).
 */
export function resampleRgb(
  image: RgbaImage,
  width: number,
  height: number,
  box?: PixelBox,
  maxTaps = 4,
): Float32Array {
  const options: ResizeOptions = { filter: maxTaps <= 1 ? 'nearest' : 'area' };
  if (box) options.region = box;
  const { data } = resizeRgba(image, width, height, options);
  const out = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const a = data[p * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * 4 + c]! * a + 255 * (1 - a);
  }
  return out;
}

/** Luminance (0..255) of an HWC RGB float buffer. */
export function luminance(rgb: Float32Array): Float32Array {
  const out = new Float32Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++)
    out[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  return out;
}

/** Returns `resampleRgb(image, w, h)` computed once per image (cached in `derived`). */
export function cachedResample(
  image: RgbaImage & { derived: Map<string, unknown> },
  width: number,
  height: number,
): Float32Array {
  const key = `rgb:${width}x${height}`;
  let value = image.derived.get(key) as Float32Array | undefined;
  if (!value) {
    value = resampleRgb(image, width, height);
    image.derived.set(key, value);
  }
  return value;
}
