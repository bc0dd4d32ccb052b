import { type FailureTarget, malformed } from '../failure.js';

/** What a PNG's IHDR (and acTL, for APNG) says. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** Frames declared by `acTL` (APNG); undefined for a still PNG. */
  frames?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads IHDR and, walking chunk headers only up to the first IDAT, an APNG's `acTL`. */
export function readPngHeader(bytes: Uint8Array, target: FailureTarget): PngHeader {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) malformed(target, 'PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
    malformed(target, 'PNG: the first chunk is not a 13-byte IHDR');
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24]!,
    colourType: bytes[25]!,
  };
  for (let offset = 33; offset + 12 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'acTL' && length >= 8) header.frames = view.getUint32(offset + 8);
    offset += 12 + length;
  }
  return header;
}
