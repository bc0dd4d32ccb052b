import type { RgbaPixels } from './types.js';

/** A rectangle in source pixels (fractional edges allowed). */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How {@link resizeRgba} samples:
 * - `'auto'` (default): area averaging on an axis that shrinks, bilinear on one that grows — what
 *   image models are trained on (PIL's `BOX`/`BILINEAR`, `tf.image.resize(antialias)`), no aliasing.
 * - `'area'`: area averaging (box filter); on a growing axis that is nearest-neighbour (a box's
 *   reconstruction), which keeps hard pixel edges.
 * - `'bilinear'`: two taps per axis at pixel centres (`align_corners=False`), also when shrinking.
 * - `'nearest'`: the source pixel under each output pixel's centre (fast; keeps noise statistics).
 */
export type ResizeFilter = 'auto' | 'area' | 'bilinear' | 'nearest';

/** Options of {@link resizeRgba}. */
export interface ResizeOptions {
  /** The filter; default `'auto'`. */
  filter?: ResizeFilter;
  /** The part of the source to resize (a crop); default the whole image. */
  region?: PixelBox;
}

/** Source taps of each output position on one axis: `start[i]..start[i+1]` index `index` and `weight`. */
interface AxisTaps {
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

function axisTaps(size: number, from: number, span: number, out: number, filter: ResizeFilter): AxisTaps {
  const scale = span / out;
  const mode =
    filter === 'auto'
      ? scale > 1
        ? 'area'
        : 'bilinear'
      : filter === 'area' && scale <= 1
        ? 'nearest'
        : filter;
  const indices: number[] = [];
  const weights: number[] = [];
  const start = new Int32Array(out + 1);
  const clamp = (p: number) => (p < 0 ? 0 : p >= size ? size - 1 : p);
  for (let i = 0; i < out; i++) {
    start[i] = indices.length;
    if (mode === 'nearest') {
      indices.push(clamp(Math.floor(from + (i + 0.5) * scale)));
      weights.push(1);
    } else if (mode === 'bilinear') {
      const u = from + (i + 0.5) * scale - 0.5;
      const p = Math.floor(u);
      const f = u - p;
      indices.push(clamp(p), clamp(p + 1));
      weights.push(1 - f, f);
    } else {
      const a = from + i * scale;
      const b = a + scale;
      for (let p = Math.floor(a); p < b; p++) {
        const w = Math.min(b, p + 1) - Math.max(a, p);
        if (w <= 0) continue;
        indices.push(clamp(p));
        weights.push(w / scale);
      }
    }
  }
  start[out] = indices.length;
  return { start, index: Int32Array.from(indices), weight: Float32Array.from(weights) };
}

/**
 * Resizes (a region of) RGBA pixels to `width × height` with one separable filter (see
 * {@link ResizeFilter}). Colour is averaged premultiplied by alpha, so transparent pixels do not bleed
 * their colour into opaque ones. Source pixels outside the image repeat the edge.
 */
export function resizeRgba(
  image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray },
  width: number,
  height: number,
  options: ResizeOptions = {},
): RgbaPixels {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0))
    throw new RangeError(`resizeRgba: the output size must be positive integers, got ${width}×${height}`);
  const filter = options.filter ?? 'auto';
  const region = options.region ?? { x: 0, y: 0, width: image.width, height: image.height };
  const xs = axisTaps(image.width, region.x, region.width, width, filter);
  const ys = axisTaps(image.height, region.y, region.height, height, filter);
  // Horizontal pass over only the source rows the vertical taps read.
  let first = image.height;
  let last = -1;
  for (const row of ys.index) {
    if (row < first) first = row;
    if (row > last) last = row;
  }
  const rows = last - first + 1;
  const src = image.data;
  const middle = new Float32Array(rows * width * 4);
  for (let r = 0; r < rows; r++) {
    const base = (first + r) * image.width * 4;
    for (let x = 0; x < width; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let t = xs.start[x]!; t < xs.start[x + 1]!; t++) {
        const o = base + xs.index[t]! * 4;
        const a = src[o + 3]! * xs.weight[t]!;
        red += src[o]! * a;
        green += src[o + 1]! * a;
        blue += src[o + 2]! * a;
        alpha += a;
      }
      const o = (r * width + x) * 4;
      middle[o] = red;
      middle[o + 1] = green;
      middle[o + 2] = blue;
      middle[o + 3] = alpha;
    }
  }
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let t = ys.start[y]!; t < ys.start[y + 1]!; t++) {
        const o = ((ys.index[t]! - first) * width + x) * 4;
        const w = ys.weight[t]!;
        red += middle[o]! * w;
        green += middle[o + 1]! * w;
        blue += middle[o + 2]! * w;
        alpha += middle[o + 3]! * w;
      }
      const o = (y * width + x) * 4;
      if (alpha > 0) {
        out[o] = Math.round(red / alpha);
        out[o + 1] = Math.round(green / alpha);
        out[o + 2] = Math.round(blue / alpha);
      }
      out[o + 3] = Math.round(alpha);
    }
  }
  return { width, height, data: out };
}
