import { InvalidRequestError } from '@pictor/core';
import { concatBytes, hasAscii, putU32be, u32be, utf8 } from '../bytes.js';
import { MalformedImageError } from '../errors/malformed-image-error.js';
import { decodeXmpPacket } from '../xmp/decode-packet.js';
import { type ContainerMetadata, emptyMetadata, type MetadataWrite } from './container.js';
import { readUserComment } from './exif.js';
import { validateContainer } from './validate-container.js';

/** Namespace header of a standard XMP APP1 segment (29 bytes with its NUL). */
export const JPEG_XMP_NAMESPACE = 'http://ns.adobe.com/xap/1.0/\0';
/** Namespace header of an Extended XMP APP1 segment (35 bytes with its NUL). */
export const JPEG_EXTENDED_XMP_NAMESPACE = 'http://ns.adobe.com/xmp/extension/\0';
/** The most packet bytes one standard XMP segment holds: 65535 − 2 (length) − 29 (namespace). */
export const JPEG_MAX_STANDARD_XMP = 65535 - 2 - JPEG_XMP_NAMESPACE.length;
/** The most chunk bytes one Extended XMP segment holds: 65535 − 2 − 35 − 32 (GUID) − 4 − 4. */
export const JPEG_MAX_EXTENDED_CHUNK = 65535 - 2 - JPEG_EXTENDED_XMP_NAMESPACE.length - 32 - 8;
/** Extended XMP larger than this is not reassembled (a bound on what a hostile file can make us allocate). */
const MAX_EXTENDED_TOTAL = 64 * 1024 * 1024;

interface Segment {
  marker: number;
  start: number;
  end: number;
  payloadStart: number;
}

function fail(message: string, offset?: number): never {
  throw new MalformedImageError('jpeg', message, offset);
}

/** True when `bytes` starts with a JPEG SOI marker. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Walks the marker segments from SOI up to the first SOS (start of scan). Entropy-coded data is
 * never read: the writers copy everything from SOS on untouched.
 */
function walk(bytes: Uint8Array): { segments: Segment[]; scanStart: number; frame: Segment } {
  if (!isJpeg(bytes)) fail('not a JPEG file: no SOI marker', 0);
  const segments: Segment[] = [];
  let frame: Segment | undefined;
  let offset = 2;
  for (;;) {
    if (offset + 2 > bytes.length) fail('truncated before the first scan', offset);
    if (bytes[offset] !== 0xff) fail('marker expected', offset);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (
      marker === 0x00 ||
      marker === 0xd8 ||
      marker === 0xd9 ||
      (marker >= 0xd0 && marker <= 0xd7) ||
      marker === 0x01
    ) {
      fail(`unexpected marker 0xFF${marker.toString(16).toUpperCase()} in the header`, offset);
    }
    if (offset + 4 > bytes.length) fail('truncated segment length', offset);
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2) fail(`segment length ${length} is below 2`, offset);
    const end = offset + 2 + length;
    if (end > bytes.length)
      fail(`segment declares ${length} bytes but only ${bytes.length - offset - 2} remain`, offset);
    const segment = { marker, start: offset, end, payloadStart: offset + 4 };
    if (marker === 0xda) {
      if (!frame) fail('scan before any frame header', offset);
      return { segments, scanStart: offset, frame };
    }
    if (isFrameHeader(marker)) {
      if (length < 8) fail('frame header too short', offset);
      frame ??= segment;
    }
    segments.push(segment);
    offset = end;
  }
}

function isXmp(bytes: Uint8Array, segment: Segment): boolean {
  return segment.marker === 0xe1 && hasAscii(bytes, segment.payloadStart, JPEG_XMP_NAMESPACE);
}

function isExtendedXmp(bytes: Uint8Array, segment: Segment): boolean {
  return segment.marker === 0xe1 && hasAscii(bytes, segment.payloadStart, JPEG_EXTENDED_XMP_NAMESPACE);
}

function isExif(bytes: Uint8Array, segment: Segment): boolean {
  return segment.marker === 0xe1 && hasAscii(bytes, segment.payloadStart, 'Exif\0\0');
}

/** Replaces every Exif APP1 segment with one holding `tiff`, placed after the leading APP0 segments. */
function replaceExif(bytes: Uint8Array, tiff: Uint8Array): Uint8Array {
  const { segments } = walk(bytes);
  let insertAt = 0;
  while (insertAt < segments.length && segments[insertAt]!.marker === 0xe0) insertAt++;
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let runStart = 2;
  for (const [index, segment] of segments.entries()) {
    const drop = isExif(bytes, segment);
    if (index === insertAt || drop) {
      parts.push(bytes.subarray(runStart, segment.start));
      runStart = segment.start;
    }
    if (index === insertAt) parts.push(segmentBytes(0xe1, [utf8('Exif\0\0'), tiff]));
    if (drop) runStart = segment.end;
  }
  parts.push(bytes.subarray(runStart));
  return concatBytes(parts);
}

function isC2pa(bytes: Uint8Array, segment: Segment): boolean {
  // APP11 JPEG XT: "JP", 2-byte instance, 4-byte sequence, then a JUMBF superbox labelled "c2pa".
  if (segment.marker !== 0xeb || !hasAscii(bytes, segment.payloadStart, 'JP')) return false;
  const limit = Math.min(segment.end - 4, segment.payloadStart + 64);
  for (let i = segment.payloadStart; i <= limit; i++) if (hasAscii(bytes, i, 'c2pa')) return true;
  return false;
}

function readExtended(bytes: Uint8Array, segments: Segment[], guid: string): string | undefined {
  let total = -1;
  let buffer: Uint8Array | undefined;
  let filled = 0;
  const header = JPEG_EXTENDED_XMP_NAMESPACE.length;
  for (const segment of segments) {
    if (!isExtendedXmp(bytes, segment)) continue;
    const start = segment.payloadStart + header;
    if (start + 40 > segment.end) continue;
    if (!hasAscii(bytes, start, guid)) continue;
    const fullLength = u32be(bytes, start + 32);
    const chunkOffset = u32be(bytes, start + 36);
    const chunk = bytes.subarray(start + 40, segment.end);
    if (total < 0) {
      if (fullLength > MAX_EXTENDED_TOTAL || fullLength > bytes.length) return undefined;
      total = fullLength;
      buffer = new Uint8Array(total);
    }
    if (fullLength !== total || chunkOffset + chunk.length > total) return undefined;
    buffer!.set(chunk, chunkOffset);
    filled += chunk.length;
  }
  if (!buffer || filled !== total) return undefined;
  return decodeXmpPacket(buffer);
}

/** Reads the metadata of a JPEG file. Throws `MalformedImageError` for a malformed file. */
export function readJpeg(bytes: Uint8Array): ContainerMetadata {
  validateContainer(bytes, 'jpeg');
  return readJpegValidated(bytes);
}

/** `readJpeg` for bytes `validateContainer` has already accepted. */
export function readJpegValidated(bytes: Uint8Array): ContainerMetadata {
  const { segments, frame } = walk(bytes);
  const meta = emptyMetadata(
    'jpeg',
    (bytes[frame.payloadStart + 3]! << 8) | bytes[frame.payloadStart + 4]!,
    (bytes[frame.payloadStart + 1]! << 8) | bytes[frame.payloadStart + 2]!,
  );
  for (const segment of segments) {
    if (isXmp(bytes, segment) && meta.xmp === undefined) {
      meta.xmp = decodeXmpPacket(
        bytes.subarray(segment.payloadStart + JPEG_XMP_NAMESPACE.length, segment.end),
      );
    } else if (isExif(bytes, segment)) {
      if (!meta.exif) {
        const { comment, onlyComment } = readUserComment(
          bytes.subarray(segment.payloadStart + 6, segment.end),
        );
        meta.userComment = comment;
        meta.exifOnlyUserComment = onlyComment;
      }
      meta.exif = true;
    } else if (segment.marker === 0xe2 && hasAscii(bytes, segment.payloadStart, 'ICC_PROFILE\0'))
      meta.icc = true;
    else if (isC2pa(bytes, segment)) meta.c2pa = true;
  }
  const guid = meta.xmp && /HasExtendedXMP(?:="|>)([0-9A-Fa-f]{32})/.exec(meta.xmp)?.[1];
  if (guid) meta.extendedXmp = readExtended(bytes, segments, guid);
  return meta;
}

function segmentBytes(marker: number, parts: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(parts);
  const out = new Uint8Array(body.length + 4);
  out[0] = 0xff;
  out[1] = marker;
  out[2] = ((body.length + 2) >> 8) & 0xff;
  out[3] = (body.length + 2) & 0xff;
  out.set(body, 4);
  return out;
}

function xmpSegments(write: MetadataWrite): Uint8Array[] {
  const packet = utf8(write.xmp);
  if (packet.length > JPEG_MAX_STANDARD_XMP) {
    throw new InvalidRequestError(
      'xmp',
      `the standard XMP packet is ${packet.length} bytes; one JPEG segment holds ${JPEG_MAX_STANDARD_XMP}`,
    );
  }
  const out = [segmentBytes(0xe1, [utf8(JPEG_XMP_NAMESPACE), packet])];
  if (write.extendedXmp) {
    const extended = utf8(write.extendedXmp.packet);
    const guid = utf8(write.extendedXmp.guid);
    if (guid.length !== 32) throw new InvalidRequestError('extendedXmp.guid', 'must be 32 hex digits');
    for (let offset = 0; offset < extended.length; offset += JPEG_MAX_EXTENDED_CHUNK) {
      const numbers = new Uint8Array(8);
      putU32be(numbers, 0, extended.length);
      putU32be(numbers, 4, offset);
      const chunk = extended.subarray(offset, offset + JPEG_MAX_EXTENDED_CHUNK);
      out.push(segmentBytes(0xe1, [utf8(JPEG_EXTENDED_XMP_NAMESPACE), guid, numbers, chunk]));
    }
  }
  return out;
}

/**
 * Writes XMP into a JPEG: a standard XMP APP1 segment (plus Extended XMP segments when given)
 * where the first existing XMP segment was, or else after the leading JFIF APP0 / Exif APP1
 * segments; always before the frame header. Every existing XMP and Extended XMP segment is
 * removed; every other segment, and everything from the first scan on, is copied byte for byte.
 * With `write.exif`, the Exif APP1 is replaced too (placed after the JFIF APP0).
 */
export function writeJpeg(input: Uint8Array, write: MetadataWrite): Uint8Array {
  validateContainer(input, 'jpeg');
  return writeJpegValidated(input, write);
}

/** `writeJpeg` for bytes `validateContainer` has already accepted. */
export function writeJpegValidated(input: Uint8Array, write: MetadataWrite): Uint8Array {
  const bytes = write.exif ? replaceExif(input, write.exif) : input;
  const { segments } = walk(bytes);
  const inserted = xmpSegments(write);
  let insertAt = segments.findIndex(
    (segment) => isXmp(bytes, segment) && segment.start < segmentStartOfFrame(segments),
  );
  if (insertAt < 0) {
    insertAt = 0;
    while (insertAt < segments.length && isLeadingApp(bytes, segments[insertAt]!)) insertAt++;
  }
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let runStart = 2;
  for (const [index, segment] of segments.entries()) {
    const drop = isXmp(bytes, segment) || isExtendedXmp(bytes, segment);
    if (index === insertAt || drop) {
      parts.push(bytes.subarray(runStart, segment.start));
      runStart = segment.start;
    }
    if (index === insertAt) parts.push(...inserted);
    if (drop) runStart = segment.end;
  }
  parts.push(bytes.subarray(runStart));
  return concatBytes(parts);
}

function segmentStartOfFrame(segments: Segment[]): number {
  return segments.find((segment) => isFrameHeader(segment.marker))?.start ?? Number.POSITIVE_INFINITY;
}

function isLeadingApp(bytes: Uint8Array, segment: Segment): boolean {
  if (segment.marker === 0xe0) return true; // JFIF / JFXX
  return isExif(bytes, segment);
}
