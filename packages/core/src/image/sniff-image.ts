import { InvalidResponseError } from '../errors/invalid-response-error.js';
import type { ImageMediaType } from '../spec/image-input.js';

/** What the header of an image file says. */
export interface ImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((value, i) => bytes[offset + i] === value);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** Media type from the magic bytes alone, or undefined. Reads at most 16 bytes. */
export function sniffMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return 'image/webp';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a'))
    return 'image/gif';
  return undefined;
}

function fail(message: string): never {
  throw new InvalidResponseError(message);
}

function pngInfo(bytes: Uint8Array, view: DataView): ImageInfo {
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') fail('PNG is truncated before its IHDR chunk');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  // A PNG with no IDAT and no IEND is a header, not an image.
  if (!hasPngEnd(bytes)) fail('PNG is truncated: no IEND chunk');
  return { mediaType: 'image/png', width, height };
}

function hasPngEnd(bytes: Uint8Array): boolean {
  // IEND is the last 12 bytes: length 0, "IEND", CRC AE 42 60 82.
  const end = bytes.length - 12;
  return end >= 33 && ascii(bytes, end + 4, 4) === 'IEND';
}

function jpegInfo(bytes: Uint8Array, view: DataView): ImageInfo {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) fail(`JPEG marker expected at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (length < 2) fail('JPEG segment length is invalid');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) fail('JPEG is truncated inside its frame header');
      const height = view.getUint16(offset + 5);
      const width = view.getUint16(offset + 7);
      if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9)
        fail('JPEG is truncated: no EOI marker');
      return { mediaType: 'image/jpeg', width, height };
    }
    offset += 2 + length;
  }
  return fail('JPEG has no frame header');
}

function webpInfo(bytes: Uint8Array, view: DataView): ImageInfo {
  if (bytes.length < 30) fail('WebP is truncated');
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 > bytes.length) fail('WebP is truncated: RIFF size exceeds the data');
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X') {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return { mediaType: 'image/webp', width, height };
  }
  if (chunk === 'VP8 ') {
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) fail('WebP VP8 frame has a bad start code');
    return {
      mediaType: 'image/webp',
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) fail('WebP VP8L has a bad signature');
    const bits = view.getUint32(21, true);
    return { mediaType: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return fail(`WebP has an unknown first chunk ${JSON.stringify(chunk)}`);
}

function gifInfo(bytes: Uint8Array, view: DataView): ImageInfo {
  if (bytes.length < 14) fail('GIF is truncated');
  if (bytes[bytes.length - 1] !== 0x3b) fail('GIF is truncated: no trailer');
  return { mediaType: 'image/gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/**
 * Reads the media type and dimensions of a PNG, JPEG, WebP or GIF from its bytes, and checks that the
 * file is not obviously truncated (PNG IEND, JPEG EOI, RIFF size, GIF trailer). Anything else throws
 * `InvalidResponseError`: unknown bytes are never treated as an image.
 */
export function readImageInfo(bytes: Uint8Array): ImageInfo {
  const mediaType = sniffMediaType(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let info: ImageInfo;
  switch (mediaType) {
    case 'image/png':
      info = pngInfo(bytes, view);
      break;
    case 'image/jpeg':
      info = jpegInfo(bytes, view);
      break;
    case 'image/webp':
      info = webpInfo(bytes, view);
      break;
    case 'image/gif':
      info = gifInfo(bytes, view);
      break;
    default:
      return fail(`not a PNG, JPEG, WebP or GIF image (${bytes.length} bytes starting ${hexPrefix(bytes)})`);
  }
  if (info.width < 1 || info.height < 1)
    fail(`${info.mediaType} declares an empty size ${info.width}×${info.height}`);
  return info;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}
