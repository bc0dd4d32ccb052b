import { fastCrc32 } from './fast-crc32.js';

// Checking each PNG chunk's CRC while a body arrives, instead of in a second pass once it is whole:
// the CRC then reads bytes that were copied a moment before and are still in cache. In place, with
// 16 responses of 1 MiB in flight, the second pass costs ~1 ms of CPU per response (its bytes were
// written long before, by 64 KiB pieces among 16 other bodies), the streaming check ~0.25 ms
// (`pnpm bench workers-ai`). `validatePng` then skips the CRCs of the chunks this check vouched for and
// does every other check (IHDR, PLTE, IDAT run, IEND) itself.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Bytes sealed by a stream check → how many leading bytes hold whole chunks with matching CRCs. */
const checkedUpTo = new WeakMap<Uint8Array, number>();

/**
 * Internal to core: how many leading bytes of `bytes` a stream check vouched for (0 when none), and
 * forgets it: a mark serves one validation, so bytes changed afterwards are checked in full next time.
 */
export function takeCheckedCrcs(bytes: Uint8Array): number {
  const upTo = checkedUpTo.get(bytes);
  if (upTo === undefined) return 0;
  checkedUpTo.delete(bytes);
  return upTo <= bytes.length ? upTo : 0;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** A body being copied into one buffer, its PNG chunk CRCs checked on the way. */
export interface PngStreamCheck {
  /**
   * Copies `piece` into `target` at `offset` (`target.set(piece, offset)`) and checks the CRC of every
   * chunk it completes. Pieces come in order, each starting where the last ended, into one target.
   */
  copy(piece: Uint8Array, target: Uint8Array, offset: number): void;
  /**
   * Marks `bytes` (the target, or its first bytes as a view from offset 0) so that the next
   * `validateImage` of them skips the CRCs this check computed. Returns `bytes`.
   */
  seal(bytes: Uint8Array): Uint8Array;
  /** How many leading bytes are whole chunks (from the signature on) whose CRCs matched. */
  readonly checkedBytes: number;
}

/**
 * Starts a stream check for a body that may be a PNG (anything else is just copied). It never
 * rejects: a chunk with a bad CRC, a length past 2^31−1 or pieces out of order stop the check there,
 * and the validator checks the rest itself and names what is wrong. It vouches only for bytes it
 * copied itself, into the target it was given.
 *
 * @example
 * const check = createPngStreamCheck();
 * const body = new Uint8Array(contentLength);
 * let offset = 0;
 * for await (const piece of stream) {
 *   check.copy(piece, body, offset);
 *   offset += piece.length;
 * }
 * validateImage(check.seal(body)); // the structure in full, without a second CRC pass
 */
export function createPngStreamCheck(): PngStreamCheck {
  let target: Uint8Array | undefined;
  let written = 0;
  let phase: 'signature' | 'header' | 'data' | 'crc' | 'stopped' = 'signature';
  let chunkStart = 8;
  let dataEnd = 0;
  let crcFrom = 0;
  let crc = 0;
  let verified = 0;

  function advance(bytes: Uint8Array): void {
    for (;;) {
      if (phase === 'signature') {
        if (written < 8) return;
        for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) phase = 'stopped';
        if (phase === 'stopped') return;
        verified = 8;
        phase = 'header';
      } else if (phase === 'header') {
        if (written < chunkStart + 8) return;
        const length = u32(bytes, chunkStart);
        if (length > 0x7fffffff) {
          phase = 'stopped';
          return;
        }
        dataEnd = chunkStart + 8 + length;
        crcFrom = chunkStart + 4;
        crc = 0;
        phase = 'data';
      } else if (phase === 'data') {
        const to = Math.min(written, dataEnd);
        if (to > crcFrom) crc = fastCrc32(bytes.subarray(crcFrom, to), crc);
        crcFrom = to;
        if (to < dataEnd) return;
        phase = 'crc';
      } else if (phase === 'crc') {
        if (written < dataEnd + 4) return;
        if (crc !== u32(bytes, dataEnd)) {
          phase = 'stopped';
          return;
        }
        verified = dataEnd + 4;
        const iend =
          bytes[chunkStart + 4] === 0x49 &&
          bytes[chunkStart + 5] === 0x45 &&
          bytes[chunkStart + 6] === 0x4e &&
          bytes[chunkStart + 7] === 0x44;
        chunkStart = dataEnd + 4;
        phase = iend ? 'stopped' : 'header';
      } else return;
    }
  }

  return {
    copy(piece, into, offset) {
      into.set(piece, offset);
      if (phase === 'stopped') return;
      if ((target !== undefined && into !== target) || offset !== written) {
        phase = 'stopped';
        return;
      }
      target = into;
      written = offset + piece.length;
      advance(into);
    },
    seal(bytes) {
      if (
        target !== undefined &&
        verified > 8 &&
        bytes.buffer === target.buffer &&
        bytes.byteOffset === target.byteOffset &&
        bytes.length <= written
      )
        checkedUpTo.set(bytes, Math.min(verified, bytes.length));
      return bytes;
    },
    get checkedBytes() {
      return verified;
    },
  };
}
