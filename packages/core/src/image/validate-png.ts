import { fastCrc32 } from './fast-crc32.js';
import type { ImageValidation, ImageValidationLevel } from './image-check.js';
import { defect } from './image-defect.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Legal bit depths per colour type (PNG spec, table 11.1). */
const BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function chunkType(bytes: Uint8Array, at: number): string {
  for (let i = 0; i < 4; i++) if (!isLetter(bytes[at + i]!)) defect('PNG chunk type is not four letters', at);
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** The IHDR checks: size, colour type × bit depth, compression, filter, interlace. */
function readHeader(bytes: Uint8Array) {
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) defect('PNG signature is corrupt', i);
  if (bytes.length < 33) defect('PNG is truncated before the end of its IHDR chunk', bytes.length);
  if (u32(bytes, 8) !== 13 || chunkType(bytes, 12) !== 'IHDR')
    defect('PNG does not start with a 13-byte IHDR chunk', 8);
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const [bitDepth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff)
    defect(`PNG IHDR declares an impossible size ${width}×${height}`, 16);
  const depths = BIT_DEPTHS[colourType!];
  if (!depths) defect(`PNG IHDR has colour type ${colourType}, which PNG does not define`, 25);
  if (!depths.includes(bitDepth!))
    defect(`PNG IHDR has bit depth ${bitDepth}, not allowed for colour type ${colourType}`, 24);
  if (compression !== 0) defect(`PNG IHDR has compression method ${compression} (only 0 exists)`, 26);
  if (filter !== 0) defect(`PNG IHDR has filter method ${filter} (only 0 exists)`, 27);
  if (interlace !== 0 && interlace !== 1) defect(`PNG IHDR has interlace method ${interlace} (0 or 1)`, 28);
  return { width, height, bitDepth: bitDepth!, colourType: colourType!, interlaced: interlace === 1 };
}

/**
 * Validates a PNG: signature and IHDR at every level; at `'structure'`, a walk over every chunk
 * with its CRC, the PLTE rules, one contiguous run of IDAT chunks starting with a zlib header, and
 * IEND. Bytes after IEND are counted as a trailer.
 */
export function validatePng(
  bytes: Uint8Array,
  level: ImageValidationLevel,
): Omit<ImageValidation, 'mediaType'> {
  const header = readHeader(bytes);
  const details = { bitDepth: header.bitDepth, colourType: header.colourType, interlaced: header.interlaced };
  const result = {
    width: header.width,
    height: header.height,
    level,
    animated: false,
    trailerBytes: 0,
    details,
  };
  if (level === 'header') return result;
  if (fastCrc32(bytes.subarray(12, 29)) !== u32(bytes, 29)) defect('PNG IHDR chunk has a bad CRC', 29);
  let offset = 33;
  let palette = false;
  let idatState: 'before' | 'in' | 'after' = 'before';
  let zlibHeader = 0;
  let zlibHeaderBytes = 0;
  for (;;) {
    if (offset + 12 > bytes.length) defect('PNG is truncated: no IEND chunk', offset);
    const length = u32(bytes, offset);
    if (length > 0x7fffffff) defect(`PNG chunk length ${length} exceeds 2^31−1`, offset);
    const type = chunkType(bytes, offset + 4);
    const dataStart = offset + 8;
    const end = dataStart + length + 4;
    if (end > bytes.length)
      defect(
        `PNG ${type} chunk declares ${length} bytes but only ${bytes.length - dataStart - 4} remain`,
        offset,
      );
    if (fastCrc32(bytes.subarray(offset + 4, dataStart + length)) !== u32(bytes, dataStart + length))
      defect(`PNG ${type} chunk has a bad CRC`, offset);
    const critical = (bytes[offset + 4]! & 0x20) === 0;
    if (critical && !CRITICAL.has(type)) defect(`PNG has an unknown critical chunk ${type}`, offset);
    if (type === 'IDAT') {
      if (idatState === 'after') defect('PNG IDAT chunks are not contiguous', offset);
      if (!palette && header.colourType === 3)
        defect('PNG palette image has no PLTE chunk before its IDAT', offset);
      idatState = 'in';
      for (let i = 0; i < length && zlibHeaderBytes < 2; i++, zlibHeaderBytes++)
        zlibHeader = (zlibHeader << 8) | bytes[dataStart + i]!;
    } else {
      if (idatState === 'in') idatState = 'after';
      if (type === 'IHDR') defect('PNG has a second IHDR chunk', offset);
      if (type === 'PLTE') {
        if (palette) defect('PNG has a second PLTE chunk', offset);
        if (idatState !== 'before') defect('PNG PLTE chunk comes after the image data', offset);
        if (header.colourType === 0 || header.colourType === 4)
          defect(`PNG greyscale image (colour type ${header.colourType}) has a PLTE chunk`, offset);
        const entries = length / 3;
        const most = header.colourType === 3 ? 2 ** header.bitDepth : 256;
        if (!Number.isInteger(entries) || entries < 1 || entries > most)
          defect(`PNG PLTE chunk holds ${length} bytes, not 3 × 1…${most} entries`, offset);
        palette = true;
      } else if (type === 'acTL' && idatState === 'before') result.animated = true;
      else if (type === 'IEND') {
        if (length !== 0) defect('PNG IEND chunk is not empty', offset);
        if (idatState === 'before') defect('PNG has no IDAT chunk', offset);
        if (zlibHeaderBytes < 2 || (zlibHeader & 0x0f00) !== 0x0800 || zlibHeader % 31 !== 0)
          defect('PNG image data does not start with a zlib header', 33);
        result.trailerBytes = bytes.length - end;
        return result;
      }
    }
    offset = end;
  }
}
