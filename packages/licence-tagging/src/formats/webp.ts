import { concatBytes, fourCC, hasAscii, putU32le, u32le, utf8 } from '../bytes.js';
import { MalformedImageError } from '../errors/malformed-image-error.js';
import { decodeXmpPacket } from '../xmp/decode-packet.js';
import { type ContainerMetadata, emptyMetadata, type MetadataWrite } from './container.js';
import { readUserComment } from './exif.js';
import { validateContainer } from './validate-container.js';

/** VP8X flag bits (WebP container spec). */
const FLAG = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 } as const;
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANMF', 'EXIF']);

interface Chunk {
  type: string;
  start: number;
  /** Offset after the chunk's padding byte. */
  end: number;
  dataStart: number;
  dataLength: number;
}

function fail(message: string, offset?: number): never {
  throw new MalformedImageError('webp', message, offset);
}

/** True when `bytes` starts with a RIFF WEBP header. */
export function isWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && hasAscii(bytes, 0, 'RIFF') && hasAscii(bytes, 8, 'WEBP');
}

function walk(bytes: Uint8Array): Chunk[] {
  if (!isWebp(bytes)) fail('not a WebP file: no RIFF WEBP header', 0);
  const riffEnd = u32le(bytes, 4) + 8;
  if (riffEnd > bytes.length) fail(`RIFF declares ${riffEnd} bytes but the file has ${bytes.length}`, 4);
  const chunks: Chunk[] = [];
  let offset = 12;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) fail('truncated chunk header', offset);
    const dataLength = u32le(bytes, offset + 4);
    const dataStart = offset + 8;
    const end = dataStart + dataLength + (dataLength & 1);
    if (end > riffEnd) fail(`chunk declares ${dataLength} bytes past the end of the RIFF`, offset);
    chunks.push({ type: fourCC(bytes, offset), start: offset, end, dataStart, dataLength });
    offset = end;
  }
  const first = chunks[0];
  if (!first || !['VP8 ', 'VP8L', 'VP8X'].includes(first.type))
    fail('first chunk is not VP8, VP8L or VP8X', 12);
  if (first.type === 'VP8X' && first.dataLength < 10) fail('VP8X chunk too short', 12);
  return chunks;
}

/** Canvas size from the VP8X chunk or the bitstream header. */
function dimensions(bytes: Uint8Array, chunk: Chunk): { width: number; height: number; alpha: boolean } {
  const d = chunk.dataStart;
  if (chunk.type === 'VP8X') {
    const u24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
    return { width: u24(d + 4) + 1, height: u24(d + 7) + 1, alpha: (bytes[d]! & FLAG.alpha) !== 0 };
  }
  if (chunk.type === 'VP8 ') {
    if (chunk.dataLength < 10 || bytes[d + 3] !== 0x9d || bytes[d + 4] !== 0x01 || bytes[d + 5] !== 0x2a) {
      fail('VP8 bitstream has no key-frame start code', d);
    }
    return {
      width: (bytes[d + 6]! | (bytes[d + 7]! << 8)) & 0x3fff,
      height: (bytes[d + 8]! | (bytes[d + 9]! << 8)) & 0x3fff,
      alpha: false,
    };
  }
  if (chunk.dataLength < 5 || bytes[d] !== 0x2f) fail('VP8L bitstream has no signature byte', d);
  const bits = u32le(bytes, d + 1);
  return {
    width: (bits & 0x3fff) + 1,
    height: ((bits >>> 14) & 0x3fff) + 1,
    alpha: ((bits >>> 28) & 1) === 1,
  };
}

/** Reads the metadata of a WebP file. Throws `MalformedImageError` for a malformed file. */
export function readWebp(bytes: Uint8Array): ContainerMetadata {
  validateContainer(bytes, 'webp');
  return readWebpValidated(bytes);
}

/** `readWebp` for bytes `validateContainer` has already accepted. */
export function readWebpValidated(bytes: Uint8Array): ContainerMetadata {
  const chunks = walk(bytes);
  const { width, height } = dimensions(bytes, chunks[0]!);
  const meta = emptyMetadata('webp', width, height);
  for (const chunk of chunks) {
    if (chunk.type === 'XMP ' && meta.xmp === undefined) {
      meta.xmp = decodeXmpPacket(bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.dataLength));
    } else if (chunk.type === 'EXIF' && !meta.exif) {
      meta.exif = true;
      let tiff = bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.dataLength);
      if (hasAscii(tiff, 0, 'Exif\0\0')) tiff = tiff.subarray(6);
      const { comment, onlyComment } = readUserComment(tiff);
      meta.userComment = comment;
      meta.exifOnlyUserComment = onlyComment;
    } else if (chunk.type === 'ICCP') meta.icc = true;
    else if (chunk.type === 'C2PA') meta.c2pa = true;
  }
  return meta;
}

function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  putU32le(out, 4, data.length);
  out.set(data, 8);
  return out;
}

function vp8xFor(bytes: Uint8Array, first: Chunk): Uint8Array {
  const { width, height, alpha } = dimensions(bytes, first);
  const data = new Uint8Array(10);
  data[0] = alpha ? FLAG.alpha : 0;
  const put24 = (at: number, value: number) => {
    data[at] = value & 0xff;
    data[at + 1] = (value >>> 8) & 0xff;
    data[at + 2] = (value >>> 16) & 0xff;
  };
  put24(4, width - 1);
  put24(7, height - 1);
  return chunkBytes('VP8X', data);
}

/** Chunks the EXIF chunk goes after (the image data), and the XMP chunk (the image data and EXIF). */
const BEFORE_EXIF = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANMF']);

/**
 * Puts one chunk of `type` into the file: upgrades a simple file to VP8X, sets `flag`, removes
 * every existing chunk of that type, and inserts the new one where the first was, or after the
 * last chunk in `after`; recomputes the RIFF size.
 */
function putChunk(
  bytes: Uint8Array,
  type: string,
  data: Uint8Array,
  flag: number,
  after: Set<string>,
): Uint8Array {
  const chunks = walk(bytes);
  const first = chunks[0]!;
  const newChunk = chunkBytes(type, data);
  let insertAfter = chunks.findIndex((chunk) => chunk.type === type) - 1;
  if (insertAfter < -1) insertAfter = chunks.findLastIndex((chunk) => after.has(chunk.type));
  if (insertAfter < 0) insertAfter = 0;
  const parts: Uint8Array[] = [bytes.subarray(0, 12)];
  let header: Uint8Array;
  if (first.type === 'VP8X') {
    header = bytes.slice(first.start, first.end);
    header[8] = header[8]! | flag;
  } else {
    const vp8x = vp8xFor(bytes, first);
    vp8x[8] = vp8x[8]! | flag;
    parts.push(vp8x);
    header = bytes.subarray(first.start, first.end);
  }
  parts.push(header);
  let runStart = first.end;
  for (const [index, chunk] of chunks.entries()) {
    if (index === 0) continue;
    if (chunk.type === type) {
      parts.push(bytes.subarray(runStart, chunk.start));
      runStart = chunk.end;
    }
    if (index === insertAfter) {
      parts.push(bytes.subarray(runStart, chunk.end));
      runStart = chunk.end;
      parts.push(newChunk);
    }
  }
  if (insertAfter === 0) parts.push(newChunk);
  const riffEnd = u32le(bytes, 4) + 8;
  parts.push(bytes.subarray(runStart, riffEnd));
  const riffLength = parts.reduce((sum, part) => sum + part.length, 0);
  parts.push(bytes.subarray(riffEnd)); // bytes after the RIFF chunk are kept as they are
  const out = concatBytes(parts);
  putU32le(out, 4, riffLength - 8);
  return out;
}

/**
 * Writes XMP into a WebP file. A simple (lossy `VP8 ` or lossless `VP8L`) file is upgraded to the
 * extended format with a `VP8X` chunk carrying its canvas size; the XMP flag is set; the `XMP `
 * chunk goes where the first existing one was, or after the image data and any `EXIF` chunk; the
 * RIFF size is recomputed. Bitstream chunks are copied byte for byte. With `write.exif`, the
 * `EXIF` chunk is replaced the same way first (and the EXIF flag set).
 */
export function writeWebp(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  validateContainer(bytes, 'webp');
  return writeWebpValidated(bytes, write);
}

/** `writeWebp` for bytes `validateContainer` has already accepted. */
export function writeWebpValidated(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  const withExif = write.exif ? putChunk(bytes, 'EXIF', write.exif, FLAG.exif, BEFORE_EXIF) : bytes;
  return putChunk(withExif, 'XMP ', utf8(write.xmp), FLAG.xmp, IMAGE_CHUNKS);
}
