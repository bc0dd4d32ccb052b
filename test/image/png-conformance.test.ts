// PNG conformance over genuine public files (test/fixtures/README.md): the whole PngSuite as
// distributed, libpng's own test images and the files that once crashed it, and Pillow's APNG files.
// Every valid file is sniffed by the one validator (core's validateImage) with the size ImageMagick
// reads, decoded by @pictor/image to exactly ImageMagick's pixels (the samples as stored, no gamma
// applied; 16-bit samples rounded to 8 as v / 257 on both sides) and tagged by licence-tagging; every corrupt one is refused by all three with
// a typed error — never an image.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidRequestError, InvalidResponseError, validateImage } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { MalformedImageError, writeProvenance } from '@pictor/licence-tagging';
import { describe, expect, it } from 'vitest';
import { magickRgba } from '../../packages/image/test/imagemagick.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const FIELDS = { aiSystemUsed: 'Conformance model', seed: 3 };

const pngs = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((name) => name.endsWith('.png'))
    .sort();
const read = (dir: string, name: string) => new Uint8Array(readFileSync(join(FIXTURES, dir, name)));
const isCorrupt = (name: string) => /^x\w\wn\d[a-z]\d\d\.png$/.test(name);

/** ImageMagick's width × height of each file, in one run. */
function magickSizes(dir: string, names: string[]): Map<string, string> {
  const paths = names.map((name) => `${join(FIXTURES, dir, name)}[0]`);
  const out = execFileSync('identify', ['-format', '%f %w×%h\n', ...paths], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Refused by sniff, decode and tag alike, each with its typed error. */
async function expectRefusedEverywhere(bytes: Uint8Array) {
  expect(() => validateImage(bytes)).toThrow(InvalidResponseError);
  expect(() => validateImage(bytes, { field: 'image' })).toThrow(InvalidRequestError);
  const asOutput = await rejection(decodeImage(bytes));
  expect(InvalidResponseError.isInstance(asOutput), String(asOutput)).toBe(true);
  const asInput = await rejection(decodeImage(bytes, { field: 'mask' }));
  expect(InvalidRequestError.isInstance(asInput), String(asInput)).toBe(true);
  expect((asInput as InvalidRequestError).field).toBe('mask');
  expect(() => writeProvenance(bytes, FIELDS)).toThrow(MalformedImageError);
}

/** Accepted by sniff with ImageMagick's size, decoded to its pixels exactly, tagged and still valid. */
async function expectConformant(dir: string, name: string, size: string | undefined) {
  const bytes = read(dir, name);
  const image = validateImage(bytes);
  expect(image.mediaType).toBe('image/png');
  expect(`${image.width}×${image.height}`).toBe(size);
  const decoded = await decodeImage(bytes);
  expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
  const reference = magickRgba(join(FIXTURES, dir, name), { stored: true });
  expect(decoded.data.length).toBe(reference.length);
  // Compared as one buffer (a mismatch names the first differing byte, not a 4096-entry diff).
  const firstDifference = decoded.data.findIndex((value, i) => value !== reference[i]);
  expect(firstDifference, `first differing byte of ${name}`).toBe(-1);
  const tagged = writeProvenance(bytes, FIELDS);
  expect(tagged.written).toBe(true);
  expect(validateImage(tagged.bytes)).toMatchObject({ width: image.width, height: image.height });
}

describe('PngSuite, the whole distributed suite', () => {
  const names = pngs('pngsuite');
  const valid = names.filter((name) => !isCorrupt(name));
  const corrupt = names.filter(isCorrupt);
  const sizes = magickSizes('pngsuite', valid);

  it('is all there: 160 valid images in every category and 14 corrupt files', () => {
    expect(valid).toHaveLength(160);
    expect(corrupt).toHaveLength(14);
    const categories = new Set(valid.map((name) => name.slice(0, 1)));
    expect([...categories].sort().join('')).toBe('bcfgopstz');
    expect(valid.filter((name) => name.startsWith('basi'))).toHaveLength(15); // every format, interlaced
    expect(valid.filter((name) => /^...n.(g16|c16|a16)/.test(name)).length).toBeGreaterThan(10);
  });

  it.each(valid)('%s: ImageMagick’s size and exactly its pixels; tagged', async (name) => {
    await expectConformant('pngsuite', name, sizes.get(name));
  });

  it.each(corrupt)('%s: refused by sniff, decode and tag with a typed error', async (name) => {
    await expectRefusedEverywhere(read('pngsuite', name));
  });

  it('the decoder reports the validator’s reason, not a codec’s guess', async () => {
    const reason = async (name: string) =>
      ((await rejection(decodeImage(read('pngsuite', name)))) as Error).message;
    expect(await reason('xc1n0g08.png')).toMatch(/colour type 1, which PNG does not define/);
    expect(await reason('xd3n2c08.png')).toMatch(/bit depth 3, not allowed for colour type 2/);
    expect(await reason('xdtn0g01.png')).toMatch(/no IDAT/);
    expect(await reason('xcsn0g01.png')).toMatch(/bad CRC in the IDAT chunk/);
    expect(await reason('xlfn0g04.png')).toMatch(/not a PNG, JPEG or WebP/);
  });
});

describe('corrupt files PngSuite lacks, made in its style (png/x*)', () => {
  it.each(pngs('png').filter(isCorrupt))('%s: refused by sniff, decode and tag', async (name) => {
    await expectRefusedEverywhere(read('png', name));
  });
});

describe("libpng's test images", () => {
  const testpngs = pngs('libpng/testpngs');
  const ft = pngs('libpng');
  const testSizes = magickSizes('libpng/testpngs', testpngs);
  const ftSizes = magickSizes('libpng', ft);

  it('are all there: 104 makepng images (every colour type and depth, tRNS, gamma) and 15 ft* files', () => {
    expect(testpngs).toHaveLength(104);
    expect(testpngs.filter((name) => name.includes('tRNS'))).toHaveLength(44);
    expect(ft).toHaveLength(15);
  });

  it.each(testpngs)('testpngs/%s: ImageMagick’s size and pixels; tagged', async (name) => {
    await expectConformant('libpng/testpngs', name, testSizes.get(name));
  });

  it.each(ft)('%s: ImageMagick’s size and pixels; tagged', async (name) => {
    await expectConformant('libpng', name, ftSizes.get(name));
  });
});

describe('the files that crashed libpng (libpng/crashers)', () => {
  const names = pngs('libpng/crashers');
  const accepted = ['badadler.png', 'empty_ancillary_chunks.png'];

  it('are all there', () => {
    expect(names).toHaveLength(23);
    expect(names.filter((name) => name.startsWith('huge_'))).toHaveLength(19);
  });

  it.each(names.filter((name) => !accepted.includes(name)))(
    '%s: refused by sniff, decode and tag',
    async (name) => {
      await expectRefusedEverywhere(read('libpng/crashers', name));
    },
  );

  it('a chunk running past the end is refused for that reason', () => {
    expect(() => validateImage(read('libpng/crashers', 'huge_iCCP_chunk.png'))).toThrow(
      /iCCP chunk declares 1073741823 bytes but only 12 remain/,
    );
  });

  it('badadler.png: the structure is sound, but its zlib stream is not — the decoder refuses it, as libpng does', async () => {
    const bytes = read('libpng/crashers', 'badadler.png');
    // The structural check does not inflate (pixels are never decoded there); tagging keeps IDAT as is.
    expect(validateImage(bytes)).toMatchObject({ width: 1, height: 1 });
    const error = await rejection(decodeImage(bytes, { field: 'image' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^image: PNG: the image data is corrupt or truncated \(zlib: /);
    // ImageMagick (libpng) reads no image from it either.
    expect(() =>
      execFileSync('convert', [join(FIXTURES, 'libpng/crashers', 'badadler.png'), 'rgba:-'], {
        stdio: 'pipe',
      }),
    ).toThrow(/no images defined/);
  });

  it('empty_ancillary_chunks.png: empty ancillary chunks are ignored, as libpng does with warnings', async () => {
    await expectConformant('libpng/crashers', 'empty_ancillary_chunks.png', '1×1');
  });
});

describe("Pillow's APNG files: the default image, with the frame count", () => {
  const names = pngs('pillow/apng');
  const refused = ['syntax_num_frames_zero.png'];
  const sizes = magickSizes(
    'pillow/apng',
    names.filter((name) => !refused.includes(name)),
  );

  it('are all there', () => expect(names).toHaveLength(53));

  it.each(names.filter((name) => !refused.includes(name)))(
    '%s: ImageMagick’s pixels for the default image',
    async (name) => {
      await expectConformant('pillow/apng', name, sizes.get(name));
      const image = validateImage(read('pillow/apng', name));
      const decoded = await decodeImage(read('pillow/apng', name));
      expect(decoded.frames === undefined).toBe(!image.animated);
    },
  );

  it('frame counts come from acTL, when it comes before the image data', async () => {
    expect((await decodeImage(read('pillow/apng', 'delay.png'))).frames).toBe(4);
    expect((await decodeImage(read('pillow/apng', 'single_frame.png'))).frames).toBe(1);
    // an acTL after IDAT does not make an animation: a still PNG to the validator and the decoder
    expect(validateImage(read('pillow/apng', 'chunk_actl_after_idat.png')).animated).toBe(false);
    expect((await decodeImage(read('pillow/apng', 'chunk_actl_after_idat.png'))).frames).toBeUndefined();
  });

  it('syntax_num_frames_zero.png (acTL and no image data): refused by sniff, decode and tag', async () => {
    await expectRefusedEverywhere(read('pillow/apng', 'syntax_num_frames_zero.png'));
  });
});
