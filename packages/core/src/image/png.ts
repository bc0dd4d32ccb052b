import { crc32 } from './crc32.js';
import { zlibDeflate } from './zlib.js';

/**
 * RGBA pixels, 8 bits per channel, row-major: what {@link encodePng} writes. Decoding lives in
 * `@pictor/image` (`decodeImage`).
 */
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
