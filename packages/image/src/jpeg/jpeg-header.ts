import { type FailureTarget, malformed } from '../failure.js';

/** What a JPEG's frame header (SOFn) says. */
export interface JpegHeader {
  width: number;
  height: number;
  /** Bits per sample: 8, or 12 (extended) / 2–16 (lossless). */
  precision: number;
  /** Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
  /** The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, 3 lossless, 9–11 arithmetic. */
  process: number;
}

/** Walks the markers from SOI to the first SOFn (reading only segment lengths) and returns its fields. */
export function readJpegHeader(bytes: Uint8Array, target: FailureTarget): JpegHeader {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) malformed(target, 'JPEG: no SOI marker');
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) malformed(target, `JPEG: expected a marker at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 8 || offset + 10 > bytes.length) malformed(target, 'JPEG: truncated frame header');
      return {
        precision: bytes[offset + 4]!,
        height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!,
        width: (bytes[offset + 7]! << 8) | bytes[offset + 8]!,
        components: bytes[offset + 9]!,
        process: marker & 0x0f,
      };
    }
    if (marker === 0xd9 || marker === 0xda) break;
    if (length < 2) malformed(target, `JPEG: bad segment length at byte ${offset}`);
    offset += 2 + length;
  }
  return malformed(target, 'JPEG: no frame header (SOF) before the image data');
}
