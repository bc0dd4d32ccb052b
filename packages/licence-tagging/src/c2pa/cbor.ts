// A minimal CBOR encoder (RFC 8949), enough for a COSE_Sign1 structure: integers, byte and text
// strings, arrays, maps, null and tags.

/** A CBOR value this encoder writes. `Map` keeps key order (COSE headers use integer keys). */
export type CborValue =
  | number
  | string
  | Uint8Array
  | null
  | CborValue[]
  | Map<number | string, CborValue>
  | CborTag;

/** A tagged CBOR value. */
export interface CborTag {
  tag: number;
  value: CborValue;
}

function head(major: number, length: number, out: number[]): void {
  if (length < 24) out.push((major << 5) | length);
  else if (length < 0x100) out.push((major << 5) | 24, length);
  else if (length < 0x10000) out.push((major << 5) | 25, length >> 8, length & 0xff);
  else
    out.push(
      (major << 5) | 26,
      (length >>> 24) & 0xff,
      (length >>> 16) & 0xff,
      (length >>> 8) & 0xff,
      length & 0xff,
    );
}

function encodeInto(value: CborValue, out: number[], chunks: Uint8Array[]): void {
  if (value === null) out.push(0xf6);
  else if (typeof value === 'number') {
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff)
      throw new RangeError('only 32-bit integers');
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    head(3, bytes.length, out);
    for (const byte of bytes) out.push(byte);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    for (const byte of value) out.push(byte);
  } else if (Array.isArray(value)) {
    head(4, value.length, out);
    for (const item of value) encodeInto(item, out, chunks);
  } else if (value instanceof Map) {
    head(5, value.size, out);
    for (const [key, item] of value) {
      encodeInto(key, out, chunks);
      encodeInto(item, out, chunks);
    }
  } else {
    head(6, value.tag, out);
    encodeInto(value.value, out, chunks);
  }
}

/** Encodes a value as CBOR. */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out, []);
  return Uint8Array.from(out);
}
