import { deflate, deflateSync } from 'node:zlib';
import { crc32 } from '@pictor/core';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
// Below this many raw bytes, deflating on the calling thread is faster than a thread-pool round trip.
const SYNC_LIMIT = 256 * 1024;

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/**
 * Encodes 8-bit RGB pixels as a PNG with Node's zlib (filter 0 per row). core's `encodePng` runs
 * everywhere through `CompressionStream`, whose fixed cost (about 4 ms here) dominates small images;
 * this Node-only writer deflates small images synchronously and large ones on the thread pool.
 */
export async function encodeRgbPng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array> {
  const stride = width * 3;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const compressed =
    raw.length <= SYNC_LIMIT
      ? deflateSync(raw)
      : await new Promise<Uint8Array>((resolve, reject) =>
          deflate(raw, (error, out) => (error ? reject(error) : resolve(out))),
        );
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = 2;
  const parts = [
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.length)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
