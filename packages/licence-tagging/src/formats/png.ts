import { fastCrc32 as crc32 } from '@pictor/core';
import {
  concatBytes,
  fourCC,
  fromLatin1,
  fromUtf8,
  indexOfNul,
  latin1,
  putU32be,
  u32be,
  utf8,
} from '../bytes.js';
import { MalformedImageError } from '../errors/malformed-image-error.js';
import { type ContainerMetadata, emptyMetadata, type MetadataWrite, type TextEntry } from './container.js';
import { validateContainer } from './validate-container.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The keyword of the XMP `iTXt` chunk (XMP spec part 3). */
export const PNG_XMP_KEYWORD = 'XML:com.adobe.xmp';

interface Chunk {
  type: string;
  /** Offset of the length field. */
  start: number;
  /** Offset after the CRC. */
  end: number;
  dataStart: number;
  dataLength: number;
}

function fail(message: string, offset?: number): never {
  throw new MalformedImageError('png', message, offset);
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** True when `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((value, i) => bytes[i] === value);
}

/**
 * Walks the chunk list. Every length is checked against the bytes left before anything is read;
 * CRCs are verified for every chunk except image data (`IDAT`, `fdAT`), which the writers copy
 * untouched and never need to trust.
 */
function walk(bytes: Uint8Array): Chunk[] {
  if (!isPng(bytes)) fail('not a PNG file: bad signature', 0);
  const chunks: Chunk[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length) fail('truncated chunk header', offset);
    const dataLength = u32be(bytes, offset);
    if (dataLength > 0x7fffffff) fail(`chunk length ${dataLength} exceeds 2^31-1`, offset);
    const dataStart = offset + 8;
    const end = dataStart + dataLength + 4;
    if (end > bytes.length)
      fail(`chunk declares ${dataLength} bytes but only ${bytes.length - dataStart} remain`, offset);
    for (let i = 4; i < 8; i++)
      if (!isLetter(bytes[offset + i]!)) fail('chunk type is not four letters', offset + 4);
    const type = fourCC(bytes, offset + 4);
    if (chunks.length === 0 && type !== 'IHDR') fail('first chunk is not IHDR', offset);
    if (type === 'IHDR' && dataLength !== 13) fail('IHDR must hold 13 bytes', offset);
    if (type !== 'IDAT' && type !== 'fdAT') {
      const crc = crc32(bytes.subarray(offset + 4, dataStart + dataLength));
      if (crc !== u32be(bytes, dataStart + dataLength)) fail(`bad CRC in ${type} chunk`, offset);
    }
    chunks.push({ type, start: offset, end, dataStart, dataLength });
    offset = end;
    if (type === 'IEND') break;
  }
  if (!chunks.some((chunk) => chunk.type === 'IDAT')) fail('no IDAT chunk');
  return chunks;
}

interface ParsedText extends TextEntry {
  compressed: boolean;
}

function parseText(bytes: Uint8Array, chunk: Chunk): ParsedText | undefined {
  const data = bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.dataLength);
  const nul = indexOfNul(data, 0, Math.min(data.length, 80));
  if (nul < 1) return undefined;
  const keyword = fromLatin1(data.subarray(0, nul));
  if (chunk.type === 'tEXt') return { keyword, text: fromLatin1(data.subarray(nul + 1)), compressed: false };
  if (chunk.type === 'zTXt') return { keyword, text: '', compressed: true };
  // iTXt: keyword NUL flag method language NUL translated NUL text
  if (nul + 3 > data.length) return undefined;
  const compressed = data[nul + 1] !== 0;
  const languageEnd = indexOfNul(data, nul + 3);
  if (languageEnd < 0) return undefined;
  const translatedEnd = indexOfNul(data, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  if (compressed) return { keyword, text: '', compressed };
  const text = fromUtf8(data.subarray(translatedEnd + 1));
  return text === undefined ? undefined : { keyword, text, compressed };
}

function isTextChunk(type: string): boolean {
  return type === 'tEXt' || type === 'iTXt' || type === 'zTXt';
}

/** Reads the metadata of a PNG file. Throws `MalformedImageError` for a malformed file. */
export function readPng(bytes: Uint8Array): ContainerMetadata {
  validateContainer(bytes, 'png');
  return readPngValidated(bytes);
}

/** `readPng` for bytes `validateContainer` has already accepted. */
export function readPngValidated(bytes: Uint8Array): ContainerMetadata {
  const chunks = walk(bytes);
  const meta = emptyMetadata('png', u32be(bytes, 16), u32be(bytes, 20));
  for (const chunk of chunks) {
    if (chunk.type === 'eXIf') meta.exif = true;
    else if (chunk.type === 'caBX') meta.c2pa = true;
    else if (chunk.type === 'iCCP') meta.icc = true;
    else if (isTextChunk(chunk.type)) {
      const text = parseText(bytes, chunk);
      if (!text) continue;
      if (text.compressed) meta.compressedTexts.push(text.keyword);
      else if (text.keyword === PNG_XMP_KEYWORD && meta.xmp === undefined) {
        meta.xmp = text.text;
      } else if (text.keyword === 'Raw profile type exif' || text.keyword === 'Raw profile type APP1')
        meta.exif = true;
      else meta.texts.push({ keyword: text.keyword, text: text.text });
    }
  }
  return meta;
}

function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 12);
  putU32be(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  putU32be(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An uncompressed `iTXt` chunk (no language tag, no translated keyword). */
export function iTXtChunk(keyword: string, text: string): Uint8Array {
  return chunkBytes('iTXt', concatBytes([latin1(keyword), new Uint8Array([0, 0, 0, 0, 0]), utf8(text)]));
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function textChunk(entry: TextEntry): Uint8Array {
  // Latin-1 text goes in tEXt (what Pillow, and so AUTOMATIC1111, writes); anything else in iTXt.
  if (isLatin1(entry.text)) {
    return chunkBytes('tEXt', concatBytes([latin1(entry.keyword), new Uint8Array([0]), latin1(entry.text)]));
  }
  return iTXtChunk(entry.keyword, entry.text);
}

/**
 * Writes XMP (and text entries) into a PNG: an uncompressed `iTXt` `XML:com.adobe.xmp` chunk
 * immediately before the first `IDAT`, replacing every existing XMP chunk and every text chunk
 * with a keyword being written. All other chunks are copied byte for byte, in order.
 */
export function writePng(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  validateContainer(bytes, 'png');
  return writePngValidated(bytes, write);
}

/** `writePng` for bytes `validateContainer` has already accepted. */
export function writePngValidated(bytes: Uint8Array, write: MetadataWrite): Uint8Array {
  const chunks = walk(bytes);
  const replaced = new Set([PNG_XMP_KEYWORD, ...(write.texts ?? []).map((entry) => entry.keyword)]);
  const inserted = [...(write.texts ?? []).map(textChunk), iTXtChunk(PNG_XMP_KEYWORD, write.xmp)];
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let runStart = 8;
  let insertedYet = false;
  for (const chunk of chunks) {
    const drop = isTextChunk(chunk.type) && replaced.has(keywordOf(bytes, chunk));
    const insertHere = chunk.type === 'IDAT' && !insertedYet;
    if (drop || insertHere) {
      if (chunk.start > runStart) parts.push(bytes.subarray(runStart, chunk.start));
      runStart = drop ? chunk.end : chunk.start;
    }
    if (insertHere) {
      parts.push(...inserted);
      insertedYet = true;
    }
  }
  parts.push(bytes.subarray(runStart));
  return concatBytes(parts);
}

function keywordOf(bytes: Uint8Array, chunk: Chunk): string {
  const nul = indexOfNul(bytes, chunk.dataStart, chunk.dataStart + Math.min(chunk.dataLength, 80));
  return nul < 0 ? '' : fromLatin1(bytes.subarray(chunk.dataStart, nul));
}
