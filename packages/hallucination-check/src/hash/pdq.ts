import type { RgbaImage } from '@pictor/core';

// PDQ, Meta's 256-bit perceptual hash, written from the published algorithm (the "PDQ hashing"
// description and Meta's reference hasher in facebook/ThreatExchange, pdq/): luminance → two passes
// of Jarosz box filters along rows and columns (a tent filter) → decimation to 64×64 at pixel
// centres → the 16×16 lowest non-DC frequencies of the 2-D DCT-II → one bit per coefficient above
// their median. Meta's quality metric (sum of quantised 64×64 gradients / 90, at most 100) comes
// with every hash. Hex strings use the reference's layout: sixteen 16-bit words, the last one first.

/** Luma weights of the reference hasher (Rec. 601). */
const LUMA = [0.299, 0.587, 0.114] as const;
/** The reference does not hash images smaller than this on either side. */
const MIN_SIDE = 5;
const GRID = 64;
const FREQUENCIES = 16;

/** D[i][j] = √(2/64)·cos(π/128·(i+1)(2j+1)): DCT-II rows 1..16 of a 64-point transform (DC dropped). */
const DCT = (() => {
  const table = new Float64Array(FREQUENCIES * GRID);
  const scale = Math.sqrt(2 / GRID);
  for (let i = 0; i < FREQUENCIES; i++)
    for (let j = 0; j < GRID; j++)
      table[i * GRID + j] = scale * Math.cos((Math.PI / 2 / GRID) * (i + 1) * (2 * j + 1));
  return table;
})();

/** A PDQ hash (64 hex digits) and Meta's 0–100 quality score (below 50: too little detail to trust a match). */
export interface PdqHash {
  hash: string;
  quality: number;
}

/** A luminance plane (0..255, row-major). */
export interface LumaPlane {
  width: number;
  height: number;
  data: Float64Array;
}

/**
 * The luminance of an RGBA image as PDQ reads it (Rec. 601 weights). Alpha is composited over white
 * first, as transparent PNGs are shown (Meta's hasher reads the colour channels only, which turns
 * transparent pixels into whatever colour they happen to store).
 */
export function pdqLuma(image: RgbaImage): LumaPlane {
  const { width, height, data } = image;
  const out = new Float64Array(width * height);
  const [r, g, b] = LUMA;
  for (let p = 0, q = 0; p < out.length; p++, q += 4) {
    const alpha = data[q + 3]!;
    const y = r * data[q]! + g * data[q + 1]! + b * data[q + 2]!;
    out[p] = alpha === 255 ? y : (y * alpha + 255 * (255 - alpha)) / 255;
  }
  return { width, height, data: out };
}

/** Jarosz window per pass: (old + 2·64 − 1) / (2·64), rounded down (two passes make one 1/64 tent). */
function windowSize(oldSide: number): number {
  return Math.floor((oldSide + 2 * GRID - 1) / (2 * GRID));
}

/** The reference's 1-D box filter: a centred running mean whose window shrinks at both ends. */
function box1d(
  input: Float64Array,
  output: Float64Array,
  offset: number,
  length: number,
  stride: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  let sum = 0;
  let size = 0;
  let right = offset;
  let left = offset;
  let out = offset;
  for (let i = 0; i < half - 1; i++) {
    sum += input[right]!;
    size++;
    right += stride;
  }
  for (let i = 0; i < window - half + 1; i++) {
    sum += input[right]!;
    size++;
    output[out] = sum / size;
    right += stride;
    out += stride;
  }
  for (let i = 0; i < length - window; i++) {
    sum += input[right]! - input[left]!;
    output[out] = sum / size;
    left += stride;
    right += stride;
    out += stride;
  }
  for (let i = 0; i < half - 1; i++) {
    sum -= input[left]!;
    size--;
    output[out] = sum / size;
    left += stride;
    out += stride;
  }
}

/**
 * `box1d` down every column at once, row by row (the same sums as the reference's column pass, in
 * memory order: a strided pass over a wide picture is several times slower).
 */
function boxColumns(
  input: Float64Array,
  output: Float64Array,
  width: number,
  height: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const sum = new Float64Array(width);
  let size = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  const add = (row: number, sign: number) => {
    const base = row * width;
    for (let x = 0; x < width; x++) sum[x]! += sign * input[base + x]!;
  };
  const write = (row: number) => {
    const base = row * width;
    for (let x = 0; x < width; x++) output[base + x] = sum[x]! / size;
  };
  for (let i = 0; i < half - 1; i++, right++, size++) add(right, 1);
  for (let i = 0; i < window - half + 1; i++, right++, out++) {
    add(right, 1);
    size++;
    write(out);
  }
  for (let i = 0; i < height - window; i++, right++, left++, out++) {
    const plus = right * width;
    const minus = left * width;
    for (let x = 0; x < width; x++) sum[x]! += input[plus + x]! - input[minus + x]!;
    write(out);
  }
  for (let i = 0; i < half - 1; i++, left++, out++) {
    add(left, -1);
    size--;
    write(out);
  }
}

/**
 * Blurs (two Jarosz passes along rows then columns) and decimates a luma plane to 64×64; with
 * `mirrored`, also the 64×64 grid of the left–right mirrored picture, sampled from the same blur
 * (a box window of even width sits half a pixel off centre, hence the shift of the samples).
 */
function downsample64(plane: LumaPlane, mirrored = false): { grid: Float64Array; mirror?: Float64Array } {
  const { width, height } = plane;
  if (width === GRID && height === GRID) {
    const grid = Float64Array.from(plane.data);
    return mirrored ? { grid, mirror: mirrorLuma({ width, height, data: grid }).data } : { grid };
  }
  const a = Float64Array.from(plane.data);
  const b = new Float64Array(a.length);
  const alongRows = windowSize(width);
  const alongCols = windowSize(height);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++) box1d(a, b, y * width, width, 1, alongRows);
    boxColumns(b, a, width, height, alongCols);
  }
  const grid = new Float64Array(GRID * GRID);
  const mirror = mirrored ? new Float64Array(GRID * GRID) : undefined;
  const shift = alongRows % 2 === 0 ? -2 : 0;
  for (let i = 0; i < GRID; i++) {
    const row = Math.floor(((i + 0.5) * height) / GRID) * width;
    for (let j = 0; j < GRID; j++) {
      const column = Math.floor(((j + 0.5) * width) / GRID);
      grid[i * GRID + j] = a[row + column]!;
      if (mirror) mirror[i * GRID + j] = a[row + Math.min(width - 1, width - 1 - column + shift)]!;
    }
  }
  return mirror ? { grid, mirror } : { grid };
}

/** Meta's quality metric: quantised gradients of the 64×64 downsample, summed, / 90, capped at 100. */
function quality(grid: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < GRID - 1; i++)
    for (let j = 0; j < GRID; j++)
      sum += Math.abs(Math.trunc(((grid[i * GRID + j]! - grid[(i + 1) * GRID + j]!) * 100) / 255));
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID - 1; j++)
      sum += Math.abs(Math.trunc(((grid[i * GRID + j]! - grid[i * GRID + j + 1]!) * 100) / 255));
  return Math.min(100, Math.trunc(sum / 90));
}

/** B = D·A·Dᵀ: the 16×16 DCT coefficients of the 64×64 grid (row i: vertical frequency i+1). */
function dct16(grid: Float64Array): Float64Array {
  const t = new Float64Array(FREQUENCIES * GRID);
  for (let i = 0; i < FREQUENCIES; i++)
    for (let j = 0; j < GRID; j++) {
      let sum = 0;
      for (let k = 0; k < GRID; k++) sum += DCT[i * GRID + k]! * grid[k * GRID + j]!;
      t[i * GRID + j] = sum;
    }
  const out = new Float64Array(FREQUENCIES * FREQUENCIES);
  for (let i = 0; i < FREQUENCIES; i++)
    for (let j = 0; j < FREQUENCIES; j++) {
      let sum = 0;
      for (let k = 0; k < GRID; k++) sum += t[i * GRID + k]! * DCT[j * GRID + k]!;
      out[i * FREQUENCIES + j] = sum;
    }
  return out;
}

/** Bit k set when coefficient k exceeds the median (the lower one of 256, as the reference's Torben median). */
function toHex(coefficients: Float64Array): string {
  const median = [...coefficients].sort((x, y) => x - y)[127]!;
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (coefficients[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  let hex = '';
  for (let w = 15; w >= 0; w--) hex += words[w]!.toString(16).padStart(4, '0');
  return hex;
}

/** The eight dihedral copies of an image, as names of Meta's reference (x: the vertical axis is flipped). */
export type Dihedral =
  | 'original'
  | 'rotate90'
  | 'rotate180'
  | 'rotate270'
  | 'flipX'
  | 'flipY'
  | 'flipPlus1'
  | 'flipMinus1';

/**
 * The coefficients of a rotated or flipped image, from the original's, without hashing again: an odd
 * frequency changes sign under a flip along its axis, a transpose swaps the axes (Meta's table).
 * `flipY` is the left–right mirror.
 */
function dihedral(a: Float64Array, kind: Dihedral): Float64Array {
  const b = new Float64Array(a.length);
  for (let i = 0; i < FREQUENCIES; i++)
    for (let j = 0; j < FREQUENCIES; j++) {
      const value = a[i * FREQUENCIES + j]!;
      const evenI = (i & 1) === 0;
      const evenJ = (j & 1) === 0;
      const odd = ((i + j) & 1) === 1;
      switch (kind) {
        case 'original':
          b[i * FREQUENCIES + j] = value;
          break;
        case 'rotate90':
          b[j * FREQUENCIES + i] = evenJ ? -value : value;
          break;
        case 'rotate180':
          b[i * FREQUENCIES + j] = odd ? -value : value;
          break;
        case 'rotate270':
          b[j * FREQUENCIES + i] = evenI ? -value : value;
          break;
        case 'flipX':
          b[i * FREQUENCIES + j] = evenI ? -value : value;
          break;
        case 'flipY':
          b[i * FREQUENCIES + j] = evenJ ? -value : value;
          break;
        case 'flipPlus1':
          b[j * FREQUENCIES + i] = value;
          break;
        case 'flipMinus1':
          b[j * FREQUENCIES + i] = odd ? -value : value;
          break;
      }
    }
  return b;
}

/**
 * PDQ of a luminance plane, plus the hashes of its dihedral copies named in `also` (computed from the
 * same DCT, at no extra cost). Images under 5 px on a side hash to zeros with quality 0, as in the
 * reference.
 */
export function pdqOfLuma(
  plane: LumaPlane,
  also: readonly Dihedral[] = [],
): PdqHash & { dihedral: Partial<Record<Dihedral, string>> } {
  if (plane.width < MIN_SIDE || plane.height < MIN_SIDE)
    return {
      hash: '0'.repeat(64),
      quality: 0,
      dihedral: Object.fromEntries(also.map((d) => [d, '0'.repeat(64)])),
    };
  const { grid } = downsample64(plane);
  const coefficients = dct16(grid);
  const result = {
    hash: toHex(coefficients),
    quality: quality(grid),
    dihedral: {} as Partial<Record<Dihedral, string>>,
  };
  for (const kind of also) result.dihedral[kind] = toHex(dihedral(coefficients, kind));
  return result;
}

/**
 * PDQ of a plane and of its left–right mirror from one blur: the mirror's 64×64 grid is sampled at
 * the mirrored places (closer to hashing the mirrored pixels than the DCT sign flip, which is exact
 * only for 64×64 input).
 */
export function pdqWithMirror(plane: LumaPlane): PdqHash & { mirror: string } {
  if (plane.width < MIN_SIDE || plane.height < MIN_SIDE)
    return { hash: '0'.repeat(64), quality: 0, mirror: '0'.repeat(64) };
  const { grid, mirror } = downsample64(plane, true);
  return { hash: toHex(dct16(grid)), quality: quality(grid), mirror: toHex(dct16(mirror!)) };
}

/**
 * PDQ (Meta's 256-bit perceptual hash) of an RGBA image: 64 hex digits and a 0–100 quality score.
 *
 * @example
 * const { hash, quality } = pdqHash(decoded); // compare with hammingDistance(hash, other) ≤ 31 (Meta's suggestion)
 */
export function pdqHash(image: RgbaImage): PdqHash {
  const { hash, quality } = pdqOfLuma(pdqLuma(image));
  return { hash, quality };
}

/** A 64-hex-digit hash as eight 32-bit words, for fast distances against many references. */
export function hashWords(hex: string): Uint32Array {
  const words = new Uint32Array(hex.length / 8);
  for (let i = 0; i < words.length; i++) words[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return words;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Bits that differ between two hashes as returned by `hashWords`. */
export function wordDistance(a: Uint32Array, b: Uint32Array): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) distance += popcount((a[i]! ^ b[i]!) >>> 0);
  return distance;
}

// ---- Geometric copies of a luma plane (the reference store's variants) ----

/** Box-averages a plane so that its longer side is at most `maxSide` (cheaper variants; PDQ barely moves). */
export function shrinkLuma(plane: LumaPlane, maxSide: number): LumaPlane {
  const factor = Math.ceil(Math.max(plane.width, plane.height) / maxSide);
  if (factor <= 1) return plane;
  const width = Math.floor(plane.width / factor);
  const height = Math.floor(plane.height / factor);
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++)
        for (let dx = 0; dx < factor; dx++)
          sum += plane.data[(y * factor + dy) * plane.width + x * factor + dx]!;
      data[y * width + x] = sum / (factor * factor);
    }
  return { width, height, data };
}

/** The plane mirrored left to right. */
export function mirrorLuma(plane: LumaPlane): LumaPlane {
  const { width, height } = plane;
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = plane.data[y * width + width - 1 - x]!;
  return { width, height, data };
}

/** The part of a plane inside a box (fractions of the width and height). */
export function cropLuma(
  plane: LumaPlane,
  left: number,
  top: number,
  width: number,
  height: number,
): LumaPlane {
  const x0 = Math.round(left * plane.width);
  const y0 = Math.round(top * plane.height);
  const w = Math.max(1, Math.round(width * plane.width));
  const h = Math.max(1, Math.round(height * plane.height));
  const data = new Float64Array(w * h);
  for (let y = 0; y < h; y++)
    data.set(plane.data.subarray((y0 + y) * plane.width + x0, (y0 + y) * plane.width + x0 + w), y * w);
  return { width: w, height: h, data };
}

/** The mean luminance of a plane's outermost pixels (the fill a rotation's corners are most likely to get). */
export function borderMean(plane: LumaPlane): number {
  const { width, height, data } = plane;
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += data[x]! + data[(height - 1) * width + x]!;
    n += 2;
  }
  for (let y = 1; y < height - 1; y++) {
    sum += data[y * width]! + data[y * width + width - 1]!;
    n += 2;
  }
  return sum / n;
}

/**
 * Rotates a plane by `degrees` (counter-clockwise, bilinear) onto a canvas that holds the whole
 * rotated picture, as image tools do by default; the uncovered corners get `fill`.
 */
export function rotateLuma(plane: LumaPlane, degrees: number, fill: number): LumaPlane {
  const { width: w, height: h, data: src } = plane;
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const width = Math.round(Math.abs(w * cos) + Math.abs(h * sin));
  const height = Math.round(Math.abs(w * sin) + Math.abs(h * cos));
  const data = new Float64Array(width * height);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const sx = (w - 1) / 2;
  const sy = (h - 1) / 2;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      // Inverse rotation: where in the source this output pixel comes from.
      const u = cos * dx - sin * dy + sx;
      const v = sin * dx + cos * dy + sy;
      if (u < 0 || v < 0 || u > w - 1 || v > h - 1) {
        data[y * width + x] = fill;
        continue;
      }
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const x1 = Math.min(x0 + 1, w - 1);
      const y1 = Math.min(y0 + 1, h - 1);
      const fx = u - x0;
      const fy = v - y0;
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      data[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  return { width, height, data };
}
