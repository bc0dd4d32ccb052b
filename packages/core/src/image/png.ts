import { InvalidResponseError } from '../errors/invalid-response-error.js';
import { crc32 } from './crc32.js';
import { zlibDeflate, zlibInflate } from './zlib.js';

/** Decoded pixels: `data` is RGBA, 8 bits per channel, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/**
 * Encodes RGBA (or RGB with `channels: 3`) pixels as an 8-bit PNG, filter type 0 per row, deflated with
 * the platform's `CompressionStream`.
 */
export async function encodePng(
  image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray },
  channels: 3 | 4 = 4,
): Promise<Uint8Array> {
  const { width, height, data } = image;
  if (data.length !== width * height * channels)
    throw new RangeError(`encodePng: expected ${width * height * channels} bytes, got ${data.length}`);
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = channels === 4 ? 6 : 2;
  return concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', await zlibDeflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

const fail = (message: string): never => {
  throw new InvalidResponseError(`PNG: ${message}`);
};

/**
 * Decodes a non-interlaced 8-bit PNG (grey, grey+alpha, RGB, RGBA, palette; 1/2/4/8-bit palette and grey)
 * into RGBA. Checks chunk CRCs and lengths; corrupt input → `InvalidResponseError`.
 */
export async function decodePng(bytes: Uint8Array, maxPixels = 64 * 1024 * 1024): Promise<RgbaImage> {
  if (bytes.length < 8 || !SIGNATURE.every((b, i) => bytes[i] === b)) fail('bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colour = 0;
  let interlace = 0;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (length > bytes.length - offset - 12) fail('chunk length beyond the end of the file');
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length))
      fail(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      if (length !== 13) fail('bad IHDR length');
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = body[8]!;
      colour = body[9]!;
      interlace = body[12]!;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!ended) fail('truncated (no IEND)');
  if (width < 1 || height < 1 || width * height > maxPixels) fail(`unsupported size ${width}×${height}`);
  if (interlace !== 0) fail('interlaced PNGs are not supported');
  const channelsByColour: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  const channels = channelsByColour[colour] ?? fail(`unknown colour type ${colour}`);
  if (depth !== 8 && !(depth < 8 && (colour === 3 || colour === 0) && [1, 2, 4].includes(depth)))
    fail(`unsupported bit depth ${depth}`);
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  let raw: Uint8Array;
  try {
    raw = await zlibInflate(concatAll(idat), (Math.ceil((width * bitsPerPixel) / 8) + 1) * height + 1024);
  } catch (error) {
    return fail(`corrupt image data (${(error as Error).message})`);
  }
  if (raw.length < (stride + 1) * height) fail('image data is shorter than the declared size');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? row[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      const v = src[x]!;
      row[x] =
        filter === 0
          ? v
          : filter === 1
            ? v + a
            : filter === 2
              ? v + b
              : filter === 3
                ? v + ((a + b) >> 1)
                : filter === 4
                  ? v + paeth(a, b, c)
                  : fail(`bad filter ${filter}`);
    }
  }
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = y * stride;
      if (depth < 8) {
        const bit = x * depth;
        const v = (pixels[s + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        if (colour === 3) {
          out[o] = palette?.[v * 3] ?? 0;
          out[o + 1] = palette?.[v * 3 + 1] ?? 0;
          out[o + 2] = palette?.[v * 3 + 2] ?? 0;
          out[o + 3] = transparency?.[v] ?? 255;
        } else {
          const g = Math.round((v * 255) / ((1 << depth) - 1));
          out[o] = out[o + 1] = out[o + 2] = g;
          out[o + 3] = 255;
        }
        continue;
      }
      const p = s + x * channels;
      if (colour === 0) {
        out[o] = out[o + 1] = out[o + 2] = pixels[p]!;
        out[o + 3] = 255;
      } else if (colour === 4) {
        out[o] = out[o + 1] = out[o + 2] = pixels[p]!;
        out[o + 3] = pixels[p + 1]!;
      } else if (colour === 2) {
        out[o] = pixels[p]!;
        out[o + 1] = pixels[p + 1]!;
        out[o + 2] = pixels[p + 2]!;
        out[o + 3] = 255;
      } else if (colour === 6) {
        out.set(pixels.subarray(p, p + 4), o);
      } else {
        const i = pixels[p]!;
        out[o] = palette?.[i * 3] ?? 0;
        out[o + 1] = palette?.[i * 3 + 1] ?? 0;
        out[o + 2] = palette?.[i * 3 + 2] ?? 0;
        out[o + 3] = transparency?.[i] ?? 255;
      }
    }
  }
  return { width, height, data: out };
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  return concat(parts);
}
