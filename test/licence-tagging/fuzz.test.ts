// Mutation fuzzing of the reader and the writers: 100,000 seeded mutations of small valid PNG,
// JPEG and WebP files (plain and already tagged). Every input must either work or fail with
// MalformedImageError: no other exception, no hang, no allocation beyond the input's size.
import { createPrng, PictorError } from '@pictor/core';
import { MalformedImageError, readProvenance, writeProvenance } from '@pictor/licence-tagging';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutate } from '../support/mutate.js';
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
