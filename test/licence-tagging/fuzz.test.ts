// Mutation fuzzing of the reader and the writers: 100,000 seeded mutations of small valid PNG,
// JPEG and WebP files (plain and already tagged). Every input must either work or fail with
// MalformedImageError: no other exception, no hang, no allocation beyond the input's size.
import { createPrng, PictorError } from '@pictor/core';
import { MalformedImageError, readProvenance, writeProvenance } from '@pictor/licence-tagging';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { emojiRgba } from './images.js';

const INPUTS = 100_000;
const FIELDS = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'fuzz',
  licensors: [{ name: 'L', url: 'https://l' }],
  seed: 1,
};

let seeds: Uint8Array[] = [];

beforeAll(async () => {
  const { data, width, height } = await emojiRgba('1f34e');
  const small = () => sharp(data, { raw: { width, height, channels: 4 } }).resize(8, 8);
  const plain = [
    await small().png().toBuffer(),
    await small().flatten().jpeg().toBuffer(),
    await small()
      .flatten()
      .jpeg()
      .withExif({ IFD0: { Copyright: 'c' } })
      .toBuffer(),
    await small().flatten().webp().toBuffer(),
    await small().webp({ lossless: true }).toBuffer(),
    await small().webp().toBuffer(),
  ].map((buffer) => new Uint8Array(buffer));
  const tagged = plain.map((bytes) => writeProvenance(bytes, FIELDS, { parameters: 'p\nSeed: 1' }).bytes);
  seeds = [...plain, ...tagged];
});

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

function mutate(input: Uint8Array, next: () => number): Uint8Array {
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

describe('fuzzing the reader and writers', () => {
  it(`${INPUTS.toLocaleString('en')} mutated inputs: success or MalformedImageError, never anything else`, () => {
    const next = createPrng(20261125);
    const outcomes = { readOk: 0, readMalformed: 0, writeOk: 0, writeSkipped: 0, writeMalformed: 0 };
    const unexpected: string[] = [];
    for (let i = 0; i < INPUTS; i++) {
      const input = mutate(seeds[i % seeds.length]!, next);
      try {
        readProvenance(input);
        outcomes.readOk++;
      } catch (error) {
        if (MalformedImageError.isInstance(error)) outcomes.readMalformed++;
        else unexpected.push(`read #${i}: ${String(error)}`);
      }
      try {
        const result = writeProvenance(input, FIELDS, { parameters: 'p' });
        if (!result.written) {
          outcomes.writeSkipped++;
          continue;
        }
        outcomes.writeOk++;
        if (result.bytes.length > input.length + 4096)
          unexpected.push(`write #${i}: grew by ${result.bytes.length - input.length}`);
        // What we wrote reads back, and writing again changes nothing.
        if (readProvenance(result.bytes).fields.aiSystemUsed !== 'fuzz')
          unexpected.push(`write #${i}: does not read back`);
        const again = writeProvenance(result.bytes, FIELDS, { parameters: 'p' }).bytes;
        if (Buffer.compare(again, result.bytes) !== 0) unexpected.push(`write #${i}: not idempotent`);
      } catch (error) {
        if (MalformedImageError.isInstance(error)) outcomes.writeMalformed++;
        else
          unexpected.push(`write #${i}: ${PictorError.isInstance(error) ? error.code : ''} ${String(error)}`);
      }
      if (unexpected.length > 5) break;
    }
    expect(unexpected).toEqual([]);
    // The mutations reach both outcomes in volume (the fuzzer is not stuck on one path).
    expect(outcomes.readOk).toBeGreaterThan(INPUTS / 10);
    expect(outcomes.readMalformed).toBeGreaterThan(INPUTS / 10);
    expect(outcomes.writeOk).toBeGreaterThan(INPUTS / 10);
    expect(outcomes.readOk + outcomes.readMalformed).toBe(INPUTS);
  });
});
