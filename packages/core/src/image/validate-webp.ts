import type { ImageDetails, ImageValidation, ImageValidationLevel } from './image-check.js';
import { defect } from './image-defect.js';

/** VP8X flag bits (WebP container specification). */
const FLAG = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 } as const;

interface Chunk {
  type: string;
  offset: number;
  dataStart: number;
  size: number;
}

function u24(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Walks the chunks in [start, end): every header and padded payload inside the range. */
function chunksIn(bytes: Uint8Array, start: number, end: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = start; at < end; ) {
    if (at + 8 > end) defect('WebP chunk header runs past the end of its container', at);
    const size = u32(bytes, at + 4);
    const next = at + 8 + size + (size & 1);
    if (next > end)
      defect(
        `WebP ${JSON.stringify(fourCC(bytes, at))} chunk declares ${size} bytes past the end of its container`,
        at,
      );
    chunks.push({ type: fourCC(bytes, at), offset: at, dataStart: at + 8, size });
    at = next;
  }
  return chunks;
}

interface Bitstream {
  width: number;
  height: number;
  alpha: boolean;
  kind: 'lossy' | 'lossless';
}

/** The header of a `VP8 ` (key frame, start code) or `VP8L` (signature, version 0) chunk. */
function bitstream(bytes: Uint8Array, chunk: Chunk): Bitstream {
  const d = chunk.dataStart;
  if (chunk.type === 'VP8 ') {
    if (chunk.size < 10) defect('WebP VP8 chunk is too short for a frame header', chunk.offset);
    const tag = u24(bytes, d);
    if ((tag & 1) !== 0) defect('WebP VP8 bitstream does not start with a key frame', d);
    if (((tag >> 1) & 7) > 3) defect('WebP VP8 bitstream has an unknown version', d);
    if (((tag >> 4) & 1) === 0) defect('WebP VP8 key frame is not shown', d);
    if (tag >>> 5 > chunk.size - 10) defect('WebP VP8 first partition runs past its chunk', d);
    if (bytes[d + 3] !== 0x9d || bytes[d + 4] !== 0x01 || bytes[d + 5] !== 0x2a)
      defect('WebP VP8 key frame has a bad start code', d + 3);
    const width = (bytes[d + 6]! | (bytes[d + 7]! << 8)) & 0x3fff;
    const height = (bytes[d + 8]! | (bytes[d + 9]! << 8)) & 0x3fff;
    if (width < 1 || height < 1) defect(`WebP VP8 frame declares an empty size ${width}×${height}`, d + 6);
    return { width, height, alpha: false, kind: 'lossy' };
  }
  if (chunk.size < 5) defect('WebP VP8L chunk is too short for its header', chunk.offset);
  if (bytes[d] !== 0x2f) defect('WebP VP8L bitstream has a bad signature', d);
  const bits = u32(bytes, d + 1);
  if (bits >>> 29 !== 0) defect(`WebP VP8L bitstream has version ${bits >>> 29} (only 0 exists)`, d + 4);
  return {
    width: (bits & 0x3fff) + 1,
    height: ((bits >>> 14) & 0x3fff) + 1,
    alpha: ((bits >>> 28) & 1) === 1,
    kind: 'lossless',
  };
}

/** The image of a still file or an animation frame: optional `ALPH`, then one `VP8 ` or `VP8L`. */
function imageOf(bytes: Uint8Array, chunks: Chunk[], where: string): Bitstream {
  const images = chunks.filter((chunk) => chunk.type === 'VP8 ' || chunk.type === 'VP8L');
  if (images.length === 0) defect(`WebP ${where} has no VP8 or VP8L image chunk`, chunks[0]?.offset);
  if (images.length > 1) defect(`WebP ${where} has ${images.length} image chunks`, images[1]!.offset);
  const image = bitstream(bytes, images[0]!);
  const alph = chunks.find((chunk) => chunk.type === 'ALPH');
  if (alph) {
    if (image.kind === 'lossless')
      defect(`WebP ${where} has an ALPH chunk with a lossless image`, alph.offset);
    if (alph.offset > images[0]!.offset)
      defect(`WebP ${where} has its ALPH chunk after the image`, alph.offset);
    image.alpha = true;
  }
  return image;
}

function checkFlag(flags: number, flag: number, present: boolean, name: string, at: number): void {
  if (((flags & flag) !== 0) !== present)
    defect(
      present
        ? `WebP has ${name} but the VP8X flag for it is unset`
        : `WebP VP8X flags ${name} but the file has none`,
      at,
    );
}

/**
 * Validates a WebP: the RIFF header, RIFF size within the file, and the first chunk's header at
 * every level; at `'structure'`, every chunk inside the RIFF, the image chunk (`VP8 ` key frame and
 * start code, `VP8L` signature and version) of a still file or of every `ANMF` frame, and the VP8X
 * flags against the chunks present. Bytes after the RIFF chunk are counted as a trailer.
 */
export function validateWebp(
  bytes: Uint8Array,
  level: ImageValidationLevel,
): Omit<ImageValidation, 'mediaType'> {
  if (bytes.length < 20) defect('WebP is truncated before its first chunk', bytes.length);
  const riffEnd = u32(bytes, 4) + 8;
  if (riffEnd > bytes.length)
    defect(`WebP RIFF declares ${riffEnd} bytes but the file has ${bytes.length}`, 4);
  if (riffEnd < 20) defect('WebP RIFF size is too small to hold a chunk', 4);
  const first: Chunk = { type: fourCC(bytes, 12), offset: 12, dataStart: 20, size: u32(bytes, 16) };
  if (first.dataStart + first.size > riffEnd) defect('WebP first chunk runs past the end of the RIFF', 12);
  const trailerBytes = level === 'structure' ? bytes.length - riffEnd : 0;
  if (first.type === 'VP8 ' || first.type === 'VP8L') {
    const image =
      level === 'header' ? bitstream(bytes, first) : imageOf(bytes, chunksIn(bytes, 12, riffEnd), 'file');
    const details = { webpKind: image.kind, frames: 1, alpha: image.alpha };
    return { width: image.width, height: image.height, level, animated: false, trailerBytes, details };
  }
  if (first.type !== 'VP8X') defect(`WebP has an unknown first chunk ${JSON.stringify(first.type)}`, 12);
  if (first.size < 10) defect('WebP VP8X chunk is too short', 12);
  const flags = bytes[20]!;
  const width = u24(bytes, 24) + 1;
  const height = u24(bytes, 27) + 1;
  if (width * height > 0xffffffff) defect(`WebP canvas ${width}×${height} exceeds 2^32 pixels`, 24);
  const animated = (flags & FLAG.animation) !== 0;
  if (level === 'header') {
    const details: ImageDetails = { alpha: (flags & FLAG.alpha) !== 0 };
    if (animated) details.webpKind = 'animated';
    return { width, height, level, animated, trailerBytes: 0, details };
  }
  const chunks = chunksIn(bytes, 12, riffEnd).slice(1);
  const has = (type: string) => chunks.some((chunk) => chunk.type === type);
  checkFlag(flags, FLAG.icc, has('ICCP'), 'an ICC profile (ICCP)', 20);
  checkFlag(flags, FLAG.exif, has('EXIF'), 'EXIF', 20);
  checkFlag(flags, FLAG.xmp, has('XMP '), 'XMP', 20);
  checkFlag(flags, FLAG.animation, has('ANMF'), 'animation frames (ANMF)', 20);
  if (!animated) {
    const image = imageOf(bytes, chunks, 'file');
    if (image.width !== width || image.height !== height)
      defect(`WebP image is ${image.width}×${image.height} but the VP8X canvas is ${width}×${height}`, 24);
    const details = { webpKind: image.kind, frames: 1, alpha: image.alpha || (flags & FLAG.alpha) !== 0 };
    return { width, height, level, animated, trailerBytes, details };
  }
  if (!has('ANIM')) defect('WebP animation has no ANIM chunk', 12);
  if (chunks.some((chunk) => chunk.type === 'VP8 ' || chunk.type === 'VP8L'))
    defect('WebP animation has an image chunk outside its frames', 12);
  let frames = 0;
  let alpha = (flags & FLAG.alpha) !== 0;
  for (const frame of chunks.filter((chunk) => chunk.type === 'ANMF')) {
    if (frame.size < 16 + 8) defect('WebP ANMF frame is too short', frame.offset);
    const d = frame.dataStart;
    const x = u24(bytes, d) * 2;
    const y = u24(bytes, d + 3) * 2;
    const frameWidth = u24(bytes, d + 6) + 1;
    const frameHeight = u24(bytes, d + 9) + 1;
    if (x + frameWidth > width || y + frameHeight > height)
      defect(
        `WebP frame ${frames} (${frameWidth}×${frameHeight} at ${x},${y}) lies outside the canvas`,
        frame.offset,
      );
    const image = imageOf(bytes, chunksIn(bytes, d + 16, d + frame.size), `frame ${frames}`);
    if (image.width !== frameWidth || image.height !== frameHeight)
      defect(
        `WebP frame ${frames} bitstream is ${image.width}×${image.height}, its ANMF header says ${frameWidth}×${frameHeight}`,
        frame.offset,
      );
    alpha ||= image.alpha;
    frames++;
  }
  return { width, height, level, animated, trailerBytes, details: { webpKind: 'animated', frames, alpha } };
}
