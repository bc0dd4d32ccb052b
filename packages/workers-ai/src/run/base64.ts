// Strict base64 → bytes at native speed where the runtime has a decoder, in one pass, without copying
// the string. Measured on a 1.41 MB string (Node 20): `Buffer.from(…, 'base64')` 0.8 ms; the former
// whitespace `replace` + full-string regex + `atob` + per-character loop 14 ms.
// - `Uint8Array.fromBase64` (the TC39 proposal; newer V8, so workerd and Node 25+) validates itself.
// - `Buffer` (Node, Bun, Deno, Workers with nodejs_compat) skips characters it does not know, so a
//   lenient decode is checked by its length: every one of the string's characters must have decoded
//   (a skipped or stray one makes the output shorter), and the URL-safe `-`/`_` it also accepts are
//   looked for with two native `indexOf` scans (0.04 ms). A string that fails the check (whitespace,
//   a data-URI line break…) goes to the portable decoder, which says exactly what is wrong.
// - The portable decoder (anything else) is a table-driven loop that validates as it decodes.

interface NodeBufferLike {
  from(text: string, encoding: 'base64'): Uint8Array;
}
type FromBase64 = (
  text: string,
  options?: { alphabet?: 'base64'; lastChunkHandling?: 'strict' },
) => Uint8Array;

const runtimeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
const runtimeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

/** Why a string is not base64 (thrown by `decodeBase64Strict`). */
export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

// 0–63: the sextet; 64: '='; 65: whitespace; 255: anything else.
const TABLE = new Uint8Array(256).fill(255);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < 64; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
TABLE[61] = 64;
for (const c of [9, 10, 12, 13, 32]) TABLE[c] = 65;

/** Decoded length of a whitespace-free standard base64 string, or -1 when its length or padding is wrong. */
function expectedLength(text: string, start: number): number {
  const length = text.length - start;
  if (length === 0 || length % 4 !== 0) return -1;
  let padding = 0;
  if (text.charCodeAt(text.length - 1) === 61) padding = text.charCodeAt(text.length - 2) === 61 ? 2 : 1;
  return (length / 4) * 3 - padding;
}

function viaBuffer(buffer: NodeBufferLike, text: string, start: number): Uint8Array | undefined {
  const expected = expectedLength(text, start);
  if (expected < 0) return undefined;
  // `slice` of a long string is a view in V8, not a copy.
  const decoded = buffer.from(start === 0 ? text : text.slice(start), 'base64');
  if (decoded.length !== expected || text.indexOf('-', start) !== -1 || text.indexOf('_', start) !== -1)
    return undefined;
  // Small Buffers share a pooled slab: hand out bytes that own their memory (large ones already do).
  if (decoded.byteLength !== decoded.buffer.byteLength) return new Uint8Array(decoded);
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/** The portable decoder: validates and decodes in one pass; ASCII whitespace is skipped. */
export function decodeBase64Portable(text: string, start = 0): Uint8Array {
  const out = new Uint8Array(Math.ceil(((text.length - start) * 3) / 4));
  let written = 0;
  let quad = 0;
  let filled = 0;
  let padding = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 256 ? TABLE[code]! : 255;
    if (value < 64) {
      if (padding > 0) throw new Base64Error(`a character after the "=" padding at position ${i}`);
      quad = (quad << 6) | value;
      if (++filled === 4) {
        out[written++] = quad >>> 16;
        out[written++] = (quad >>> 8) & 255;
        out[written++] = quad & 255;
        quad = 0;
        filled = 0;
      }
    } else if (value === 64) {
      padding++;
      if (padding > 2 || filled + padding > 4 || filled < 2)
        throw new Base64Error(`misplaced "=" padding at position ${i}`);
    } else if (value !== 65) {
      throw new Base64Error(`a character that is not base64 at position ${i}`);
    }
  }
  if (padding > 0 && filled + padding !== 4) throw new Base64Error('incomplete "=" padding');
  if (filled === 1) throw new Base64Error('a dangling final character');
  if (filled === 2) out[written++] = quad >>> 4;
  else if (filled === 3) {
    out[written++] = quad >>> 10;
    out[written++] = (quad >>> 2) & 255;
  }
  if (written === 0) throw new Base64Error('no data');
  return written === out.length ? out : out.subarray(0, written);
}

/**
 * Decodes standard base64 (RFC 4648 §4, `=` padding optional, ASCII whitespace skipped) starting at
 * `start`; anything else throws `Base64Error`. Uses the fastest strict decoder the runtime has.
 */
export function decodeBase64Strict(text: string, start = 0): Uint8Array {
  if (runtimeFromBase64) {
    try {
      const out = runtimeFromBase64(start === 0 ? text : text.slice(start));
      if (out.length === 0) throw new Base64Error('no data');
      return out;
    } catch (error) {
      if (error instanceof Base64Error) throw error;
      throw new Base64Error((error as Error).message);
    }
  }
  if (runtimeBuffer) {
    const out = viaBuffer(runtimeBuffer, text, start);
    if (out) return out;
  }
  return decodeBase64Portable(text, start);
}
