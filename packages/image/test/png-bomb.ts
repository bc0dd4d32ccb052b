// A PNG whose header declares a small image but whose IDAT inflates to `mebibytes` MiB (a decompression
// bomb), built from the deflate bomb of core's tests.
import { crc32 } from '@pictor/core';
import { deflateBomb } from '../../core/test/deflate-bomb.js';

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** A `width × height` RGBA PNG (IHDR, one IDAT, IEND) around `idat`, with correct CRCs. */
export function pngAround(width: number, height: number, idat: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header[8] = 8;
  header[9] = 6;
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', idat),
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

export const pngBomb = (mebibytes: number) => pngAround(1000, 1000, deflateBomb(mebibytes));
