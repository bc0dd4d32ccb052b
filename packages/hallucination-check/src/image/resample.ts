import type { RgbaImage } from '@pictor/core';

/** A box in pixels of the source image. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Resamples (part of) an RGBA image to `width`×`height` RGB floats with box filtering when shrinking and
 * nearest sampling when growing (`maxTaps` × `maxTaps` samples per output pixel at most; 1 = point
 * sampling). Alpha is composited over white (how transparent PNGs are shown).
 * Values are 0..255, channels last (HWC).
 */
export function resampleRgb(
  image: RgbaImage,
  width: number,
  height: number,
  box?: PixelBox,
  maxTaps = 4,
): Float32Array {
  const region = box ?? { x: 0, y: 0, width: image.width, height: image.height };
  const out = new Float32Array(width * height * 3);
  const sx = region.width / width;
  const sy = region.height / height;
  const taps = Math.max(1, Math.min(maxTaps, Math.ceil(Math.max(sx, sy))));
  const { data } = image;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let ty = 0; ty < taps; ty++) {
        const py = Math.min(maxY, Math.max(0, Math.floor(region.y + (y + (ty + 0.5) / taps) * sy)));
        for (let tx = 0; tx < taps; tx++) {
          const px = Math.min(maxX, Math.max(0, Math.floor(region.x + (x + (tx + 0.5) / taps) * sx)));
          const o = (py * image.width + px) * 4;
          const a = data[o + 3]! / 255;
          r += data[o]! * a + 255 * (1 - a);
          g += data[o + 1]! * a + 255 * (1 - a);
          b += data[o + 2]! * a + 255 * (1 - a);
        }
      }
      const n = taps * taps;
      const o = (y * width + x) * 3;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
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
