import { type FailureTarget, malformed } from '../failure.js';
import { chunkCrc } from './chunk-crc.js';

/** What a PNG's IHDR (and acTL, for APNG) says. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** Adam7-interlaced. */
  interlaced: boolean;
  /** Frames declared by `acTL` (APNG); undefined for a still PNG. */
  frames?: number;
  /** The IDAT chunks' data, joined (the zlib stream of the default image). */
  idat: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads IHDR and an APNG's `acTL`, checking every chunk's length and CRC up to IEND. */
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
    interlaced: bytes[28] === 1,
    idat: new Uint8Array(0),
  };
  const idat: Uint8Array[] = [];
  // Every chunk's CRC (the wasm decoder does not check them), and an IEND: a damaged or truncated
  // file is refused instead of decoded into garbage.
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length) malformed(target, 'PNG: truncated (no IEND chunk)');
    const length = view.getUint32(offset);
    if (length > bytes.length - offset - 12) malformed(target, 'PNG: a chunk runs past the end of the file');
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (chunkCrc(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length))
      malformed(target, `PNG: bad CRC in the ${type} chunk at byte ${offset}`);
    // APNG: an acTL after the image data does not make an animation (the file shows as a still PNG).
    if (type === 'acTL' && length >= 8 && idat.length === 0) header.frames = view.getUint32(offset + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  header.idat = idat.length === 1 ? idat[0]! : join(idat);
  return header;
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
