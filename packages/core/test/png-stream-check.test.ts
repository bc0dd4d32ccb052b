import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkImage, createPngStreamCheck, createPrng, encodePng, validateImage } from '../src/index.js';

const suite = new URL('../../../test/fixtures/pngsuite/', import.meta.url);
const suiteFiles = readdirSync(suite).filter((name) => name.endsWith('.png'));
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, suite)));

/** Copies `bytes` through a stream check in pieces of `size` bytes into a fresh buffer. */
function streamed(bytes: Uint8Array, size: number) {
  const check = createPngStreamCheck();
  const target = new Uint8Array(bytes.length);
  for (let offset = 0; offset < bytes.length; offset += size)
    check.copy(bytes.subarray(offset, offset + size), target, offset);
  return { check, target };
}

async function noisePng(): Promise<Uint8Array> {
  const next = createPrng(3);
  return encodePng({
    width: 64,
    height: 64,
    data: Uint8Array.from({ length: 64 * 64 * 4 }, () => next() & 0xff),
  });
}

/** The offset of the first byte of `type`'s chunk data. */
function chunkData(png: Uint8Array, type: string): number {
  const at = Buffer.from(png).indexOf(type);
  expect(at).toBeGreaterThan(0);
  return at + 4;
}

describe('createPngStreamCheck', () => {
  it('copies every PngSuite file exactly and vouches for all of each valid one, whatever the piece size', () => {
    const valid = suiteFiles.filter((name) => !name.startsWith('x'));
    expect(valid.length).toBeGreaterThanOrEqual(30);
    for (const name of valid) {
      const bytes = read(name);
      for (const size of [1, 5, 64, 4096, bytes.length]) {
        const { check, target } = streamed(bytes, size);
        expect(target, name).toEqual(bytes);
        expect(check.checkedBytes, `${name} in pieces of ${size}`).toBe(bytes.length);
        expect(validateImage(check.seal(target)), name).toEqual(validateImage(bytes));
      }
    }
  });

  it('never vouches for a corrupt file: every x* PngSuite file is refused with the same defect as without it', () => {
    const corrupt = suiteFiles.filter((name) => name.startsWith('x'));
    expect(corrupt.length).toBeGreaterThan(5);
    for (const name of corrupt) {
      const bytes = read(name);
      const { check, target } = streamed(bytes, 7);
      expect(checkImage(check.seal(target)), name).toEqual(checkImage(bytes));
      expect(checkImage(bytes).ok, name).toBe(false);
    }
  });

  it('stops at a chunk whose CRC does not match, and the validator names it', async () => {
    const png = await noisePng();
    const idat = chunkData(png, 'IDAT');
    const bad = png.slice();
    bad[idat + 100]! ^= 0x01;
    const { check, target } = streamed(bad, 1000);
    expect(check.checkedBytes).toBe(idat - 8);
    expect(() => validateImage(check.seal(target))).toThrow(/PNG IDAT chunk has a bad CRC/);
  });

  it('is what the validator trusts: the CRCs it matched are not read again, once', async () => {
    const png = await noisePng();
    const { check, target } = streamed(png, 4096);
    const sealed = check.seal(target);
    // Changed after the check: the first validation skips the CRC the check matched on the way in…
    sealed[chunkData(png, 'IDAT') + 10]! ^= 0x01;
    expect(validateImage(sealed)).toMatchObject({ mediaType: 'image/png', width: 64, height: 64 });
    // …and the mark serves one validation only: the next one reads every CRC.
    expect(() => validateImage(sealed)).toThrow(/bad CRC/);
  });

  it('vouches only for the bytes it copied itself, in order, into its own target', async () => {
    const png = await noisePng();
    const bad = png.slice();
    bad[chunkData(png, 'IDAT') + 10]! ^= 0x01;
    // Sealing other bytes than the target marks nothing.
    const { check } = streamed(png, 4096);
    expect(() => validateImage(check.seal(bad))).toThrow(/bad CRC/);
    // Pieces out of order stop the check where they go wrong.
    const skipping = createPngStreamCheck();
    const target = new Uint8Array(png.length);
    skipping.copy(png.subarray(0, 40), target, 0);
    const before = skipping.checkedBytes;
    skipping.copy(png.subarray(50), target, 50);
    expect(skipping.checkedBytes).toBe(before);
    // A second target stops it too.
    const twoTargets = createPngStreamCheck();
    twoTargets.copy(png.subarray(0, 100), new Uint8Array(png.length), 0);
    twoTargets.copy(png.subarray(100), new Uint8Array(png.length), 100);
    expect(twoTargets.checkedBytes).toBeLessThan(png.length);
  });

  it('copies anything that is not a PNG as it is and vouches for nothing', () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    const { check, target } = streamed(bytes, 333);
    expect(target).toEqual(bytes);
    expect(check.checkedBytes).toBe(0);
  });
});
