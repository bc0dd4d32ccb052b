import { type FailureTarget, malformed } from '../failure.js';

/** A RIFF chunk of a WebP file: its FourCC and its payload (a view, no copy). */
interface Chunk {
  type: string;
  body: Uint8Array;
}

/** What a WebP file holds: its canvas and, for an animation, the first frame rebuilt as a still file. */
export interface WebpLayout {
  width: number;
  height: number;
  /** Frames (`ANMF` chunks) of an animation; undefined for a still image. */
  frames?: number;
  /** The first frame as a still WebP and where it sits on the canvas (animations only). */
  firstFrame?: { bytes: Uint8Array; x: number; y: number; width: number; height: number };
}

const u24 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);

function chunks(bytes: Uint8Array, start: number, end: number, target: FailureTarget): Chunk[] {
  const out: Chunk[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const type = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = (u24(bytes, offset + 4) | (bytes[offset + 7]! << 24)) >>> 0;
    if (size > end - offset - 8) malformed(target, `WebP: the ${type} chunk runs past the end of the file`);
    out.push({ type, body: bytes.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size + (size & 1);
  }
  return out;
}

/** The size a `VP8 ` (key frame) or `VP8L` bitstream declares. */
function bitstreamSize(chunk: Chunk, target: FailureTarget): { width: number; height: number } {
  const b = chunk.body;
  if (chunk.type === 'VP8 ') {
    if (b.length < 10 || b[3] !== 0x9d || b[4] !== 0x01 || b[5] !== 0x2a)
      malformed(target, 'WebP: bad VP8 frame header');
    return { width: (b[6]! | (b[7]! << 8)) & 0x3fff, height: (b[8]! | (b[9]! << 8)) & 0x3fff };
  }
  if (b.length < 5 || b[0] !== 0x2f) malformed(target, 'WebP: bad VP8L signature');
  const bits = b[1]! | (b[2]! << 8) | (b[3]! << 16) | (b[4]! << 24);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

function riff(parts: { type: string; body: Uint8Array }[]): Uint8Array {
  const size = parts.reduce((n, p) => n + 8 + p.body.length + (p.body.length & 1), 4);
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46]);
  view.setUint32(4, size, true);
  out.set([0x57, 0x45, 0x42, 0x50], 8);
  let offset = 12;
  for (const part of parts) {
    for (let i = 0; i < 4; i++) out[offset + i] = part.type.charCodeAt(i);
    view.setUint32(offset + 4, part.body.length, true);
    out.set(part.body, offset + 8);
    offset += 8 + part.body.length + (part.body.length & 1);
  }
  return out;
}

/** The first `ANMF` frame as a still WebP: its `ALPH` + `VP8 ` under a VP8X header, or its `VP8L` alone. */
function stillFrame(frame: Chunk[], width: number, height: number): Uint8Array {
  const image = frame.filter((c) => c.type === 'VP8 ' || c.type === 'VP8L' || c.type === 'ALPH');
  if (!image.some((c) => c.type === 'ALPH')) return riff(image);
  const vp8x = new Uint8Array(10);
  vp8x[0] = 0x10; // alpha
  vp8x.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, (width - 1) >> 16], 4);
  vp8x.set([(height - 1) & 0xff, ((height - 1) >> 8) & 0xff, (height - 1) >> 16], 7);
  return riff([{ type: 'VP8X', body: vp8x }, ...image]);
}

/** Walks a WebP's RIFF chunks: its canvas size, and for an animation its frame count and first frame. */
export function readWebpLayout(bytes: Uint8Array, target: FailureTarget): WebpLayout {
  if (bytes.length < 20) malformed(target, 'WebP: truncated header');
  const riffSize = (u24(bytes, 4) | (bytes[7]! << 24)) >>> 0;
  const end = Math.min(bytes.length, 8 + riffSize);
  const top = chunks(bytes, 12, end, target);
  const first = top[0] ?? malformed(target, 'WebP: no chunks');
  if (first.type !== 'VP8X') {
    if (first.type !== 'VP8 ' && first.type !== 'VP8L')
      malformed(target, `WebP: unexpected first chunk ${first.type}`);
    return bitstreamSize(first, target);
  }
  if (first.body.length < 10) malformed(target, 'WebP: truncated VP8X chunk');
  const width = u24(first.body, 4) + 1;
  const height = u24(first.body, 7) + 1;
  const frames = top.filter((c) => c.type === 'ANMF');
  if (!(first.body[0]! & 0x02) || frames.length === 0) return { width, height };
  const frame = frames[0]!.body;
  if (frame.length < 16) malformed(target, 'WebP: truncated ANMF chunk');
  const placed = {
    x: u24(frame, 0) * 2,
    y: u24(frame, 3) * 2,
    width: u24(frame, 6) + 1,
    height: u24(frame, 9) + 1,
  };
  if (placed.x + placed.width > width || placed.y + placed.height > height)
    malformed(target, 'WebP: the first frame lies outside the canvas');
  const inner = chunks(frame, 16, frame.length, target);
  return {
    width,
    height,
    frames: frames.length,
    firstFrame: { ...placed, bytes: stillFrame(inner, placed.width, placed.height) },
  };
}
