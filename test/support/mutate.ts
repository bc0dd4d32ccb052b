// Seeded byte-level mutations of image files for the fuzz tests: the kinds of damage that reach
// length checks, CRCs, marker walks and chunk tables.

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

/** One to three seeded mutations of `input` (bit flips, odd bytes, truncation, huge lengths, insertions, duplicated regions). */
export function mutate(input: Uint8Array, next: () => number): Uint8Array {
  const pick = (n: number) => next() % Math.max(1, n);
  let bytes = input.slice();
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    const at = pick(bytes.length);
    switch (pick(7)) {
      case 0: // bit flip
        bytes[at] = bytes[at]! ^ (1 << pick(8));
        break;
      case 1: // interesting byte
        bytes[at] = INTERESTING[pick(INTERESTING.length)]!;
        break;
      case 2: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 3: {
        // huge or odd 32-bit value (declared lengths), both byte orders
        const value = [0xffffffff, 0x7fffffff, 0x80000000, bytes.length, 0xfffffff0][pick(5)]!;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (at + 4 <= bytes.length) view.setUint32(at, value, pick(2) === 0);
        break;
      }
      case 4: {
        // insert random bytes
        const extra = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)]);
        break;
      }
      case 5: {
        // duplicate a region (repeats chunks and segments)
        const length = pick(64);
        bytes = Uint8Array.from([
          ...bytes.subarray(0, at + length),
          ...bytes.subarray(at, at + length),
          ...bytes.subarray(at + length),
        ]);
        break;
      }
      default: {
        // 16-bit big-endian lengths (JPEG segments)
        if (at + 2 <= bytes.length) {
          const value = [0, 1, 2, 0xffff, 0x8000][pick(5)]!;
          bytes[at] = value >> 8;
          bytes[at + 1] = value & 0xff;
        }
      }
    }
  }
  return bytes;
}
