// The canonical grid: every image's luminance is resampled to 512×512 before the mark is embedded or
// read, and the mark's residual is resampled back to the image's own size, so any uniform resize or
// aspect change of the marked image maps back onto the same grid.

/** The canonical grid's side, in pixels (64 × 64 blocks of 8 × 8). */
export const CANONICAL = 512;

/** An RGBA image: `data` holds width × height × 4 bytes. */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** BT.601 luma of each pixel, as floats 0–255. */
export function luma(image: RgbaPixels): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4)
    out[i] = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
  return out;
}

/**
 * Area resampling along one axis: each output sample is the mean of the input interval it covers
 * (fractional edges weighted), which is exact box filtering when shrinking and linear-ish when
 * growing. `src` has `count` lines of `length` samples; lines are `lineStride` apart, samples `step`.
 */
function areaWeights(from: number, to: number): { start: Int32Array; weights: Float32Array[] } {
  const scale = from / to;
  const start = new Int32Array(to);
  const weights: Float32Array[] = [];
  for (let o = 0; o < to; o++) {
    const a = o * scale;
    const b = Math.min(from, (o + 1) * scale);
    const first = Math.floor(a);
    const last = Math.min(from - 1, Math.ceil(b) - 1);
    const w = new Float32Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = Math.min(b, i + 1) - Math.max(a, i);
    const sum = w.reduce((s, v) => s + v, 0);
    for (let i = 0; i < w.length; i++) w[i]! /= sum;
    start[o] = first;
    weights.push(w);
  }
  return { start, weights };
}

/** The vertical half of area resampling: `rows` (`toWidth × height`) to `toWidth × toHeight`. */
function verticalArea(rows: Float32Array, height: number, toWidth: number, toHeight: number): Float32Array {
  const vertical = areaWeights(height, toHeight);
  const out = new Float32Array(toWidth * toHeight);
  for (let y = 0; y < toHeight; y++) {
    const w = vertical.weights[y]!;
    const first = vertical.start[y]!;
    for (let i = 0; i < w.length; i++) {
      const weight = w[i]!;
      const base = (first + i) * toWidth;
      for (let x = 0; x < toWidth; x++) out[y * toWidth + x]! += weight * rows[base + x]!;
    }
  }
  return out;
}

/** One line of horizontal area resampling, `line` (`width` samples) into `rows` at `offset`. */
function horizontalLine(
  line: Float32Array,
  horizontal: ReturnType<typeof areaWeights>,
  rows: Float32Array,
  offset: number,
  toWidth: number,
): void {
  for (let x = 0; x < toWidth; x++) {
    const w = horizontal.weights[x]!;
    const base = horizontal.start[x]!;
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i]! * line[base + i]!;
    rows[offset + x] = sum;
  }
}

/** Resamples a plane to `toWidth × toHeight` by area averaging (separable). */
export function resampleArea(
  plane: Float32Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Float32Array {
  const horizontal = areaWeights(width, toWidth);
  const rows = new Float32Array(toWidth * height);
  for (let y = 0; y < height; y++)
    horizontalLine(plane.subarray(y * width, (y + 1) * width), horizontal, rows, y * toWidth, toWidth);
  return verticalArea(rows, height, toWidth, toHeight);
}

/**
 * Bilinear resampling (pixel centres aligned), used to bring the residual to the image's size, one
 * output line at a time: `line(y, samples)` gets each line (the same buffer, reused).
 */
export function resampleBilinearLines(
  plane: Float32Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
  line: (y: number, samples: Float32Array) => void,
): void {
  const samples = new Float32Array(toWidth);
  const sx = width / toWidth;
  const sy = height / toHeight;
  const x0 = new Int32Array(toWidth);
  const fx = new Float32Array(toWidth);
  for (let x = 0; x < toWidth; x++) {
    const u = Math.min(width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0[x] = Math.min(width - 2, Math.floor(u));
    fx[x] = u - x0[x]!;
  }
  for (let y = 0; y < toHeight; y++) {
    const v = Math.min(height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.min(height - 2, Math.floor(v));
    const fy = v - y0;
    const r0 = y0 * width;
    const r1 = r0 + width;
    for (let x = 0; x < toWidth; x++) {
      const a = x0[x]!;
      const f = fx[x]!;
      const top = plane[r0 + a]! * (1 - f) + plane[r0 + a + 1]! * f;
      const bottom = plane[r1 + a]! * (1 - f) + plane[r1 + a + 1]! * f;
      samples[x] = top * (1 - fy) + bottom * fy;
    }
    line(y, samples);
  }
}

/** Bilinear resampling of a whole plane (see `resampleBilinearLines`). */
export function resampleBilinear(
  plane: Float32Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Float32Array {
  const out = new Float32Array(toWidth * toHeight);
  resampleBilinearLines(plane, width, height, toWidth, toHeight, (y, samples) =>
    out.set(samples, y * toWidth),
  );
  return out;
}

/**
 * The image's luma on the canonical grid: `resampleArea(luma(image), …)`, with the luma made one
 * line at a time so the full-size plane is never allocated.
 */
export function canonicalLuma(image: RgbaPixels): Float32Array {
  const { width, height, data } = image;
  const horizontal = areaWeights(width, CANONICAL);
  const rows = new Float32Array(CANONICAL * height);
  const line = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width * 4; x < width; x++, p += 4)
      line[x] = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
    horizontalLine(line, horizontal, rows, y * CANONICAL, CANONICAL);
  }
  return verticalArea(rows, height, CANONICAL, CANONICAL);
}
