// A zlib stream that inflates to `mebibytes` MiB of zeros from about 1 KiB per MiB: one MiB of zeros
// deflated with a full flush (byte-aligned, no reference to earlier data) repeated, then an empty final
// block and the Adler-32 of the whole output (a = 1, b = length mod 65521 for zeros).
import { constants, deflateRawSync } from 'node:zlib';

export function deflateBomb(mebibytes: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const total = mebibytes * (1 << 20);
  const out = new Uint8Array(2 + block.length * mebibytes + 2 + 4);
  out.set([0x78, 0xda]);
  for (let i = 0; i < mebibytes; i++) out.set(block, 2 + i * block.length);
  const end = 2 + block.length * mebibytes;
  out.set([0x03, 0x00], end); // a final fixed-Huffman block holding only its end code
  new DataView(out.buffer).setUint32(end + 2, (((total % 65521) << 16) | 1) >>> 0);
  return out;
}
