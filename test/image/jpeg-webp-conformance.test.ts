// JPEG and WebP conformance over genuine public files (test/fixtures/README.md): libjpeg-turbo's test
// images (baseline, arithmetic-coded, 12-bit) and a Pillow subset (CMYK, 16-bit
// quantisation tables, ICC after the frame header, corrupt headers, truncation; WebP lossy, lossy +
// alpha, with EXIF, a 42-frame lossless animation). Every valid file is sniffed with the size
// ImageMagick reads and decoded within a mean absolute difference of 3 levels of ImageMagick's decode,
// or refused with a typed UnsupportedFeatureError where no codec here can decode it; every corrupt one
// is refused by sniff, decode and tag.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidRequestError,
  InvalidResponseError,
  UnsupportedFeatureError,
  validateImage,
} from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { MalformedImageError, writeProvenance } from '@pictor/licence-tagging';
import { describe, expect, it } from 'vitest';
import { magickRgba, meanAbsoluteDifference } from '../../packages/image/test/imagemagick.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const FIELDS = { aiSystemUsed: 'Conformance model', seed: 3 };
const read = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

function magickSize(path: string): string {
  return execFileSync('identify', ['-format', '%w×%h', `${join(FIXTURES, path)}[0]`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** Sniffed with ImageMagick's size, decoded within 3 levels of its pixels, tagged and still valid. */
async function expectConformant(path: string) {
  const bytes = read(path);
  const image = validateImage(bytes);
  expect(`${image.width}×${image.height}`).toBe(magickSize(path));
  const decoded = await decodeImage(bytes);
  expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
  const reference = magickRgba(join(FIXTURES, path));
  expect(decoded.data.length).toBe(reference.length);
  const mad = meanAbsoluteDifference(decoded.data, reference);
  expect(mad).toBeLessThanOrEqual(3);
  const tagged = writeProvenance(bytes, FIELDS);
  expect(tagged.written).toBe(true);
  expect(validateImage(tagged.bytes)).toMatchObject({ width: image.width, height: image.height });
  return { image, decoded, reference, mad };
}

async function expectRefusedEverywhere(bytes: Uint8Array, reason: RegExp) {
  expect(() => validateImage(bytes)).toThrow(InvalidResponseError);
  expect(() => validateImage(bytes, { field: 'image' })).toThrow(InvalidRequestError);
  expect(() => validateImage(bytes)).toThrow(reason);
  const asOutput = await rejection(decodeImage(bytes));
  expect(InvalidResponseError.isInstance(asOutput), String(asOutput)).toBe(true);
  expect((asOutput as Error).message).toMatch(reason);
  const asInput = await rejection(decodeImage(bytes, { field: 'references[0]' }));
  expect(InvalidRequestError.isInstance(asInput), String(asInput)).toBe(true);
  expect((asInput as InvalidRequestError).field).toBe('references[0]');
  expect(() => writeProvenance(bytes, FIELDS)).toThrow(MalformedImageError);
}

describe("libjpeg-turbo's test images", () => {
  it.each(['testorig.jpg', 'testimgint.jpg'])(
    '%s (baseline): decoded within 3 levels of ImageMagick',
    async (name) => {
      const { image } = await expectConformant(`libjpeg-turbo/${name}`);
      expect(image.details.jpegProcess).toBe('baseline');
    },
  );

  it('testimgint.jpg is testimgari.jpg with Huffman coding: the same pixels, so re-encoding loses nothing', async () => {
    // libjpeg-turbo's tests make one from the other with `jpegtran -arithmetic` (lossless).
    const huffman = magickRgba(join(FIXTURES, 'libjpeg-turbo/testimgint.jpg'));
    const arithmetic = magickRgba(join(FIXTURES, 'libjpeg-turbo/testimgari.jpg'));
    expect(huffman.findIndex((value, i) => value !== arithmetic[i])).toBe(-1);
    const decoded = await decodeImage(read('libjpeg-turbo/testimgint.jpg'));
    expect(meanAbsoluteDifference(decoded.data, arithmetic)).toBeLessThanOrEqual(3);
  });

  it('testimgari.jpg (arithmetic-coded): valid and tagged; decoding it is an UnsupportedFeatureError', async () => {
    const bytes = read('libjpeg-turbo/testimgari.jpg');
    const image = validateImage(bytes);
    expect(`${image.width}×${image.height}`).toBe(magickSize('libjpeg-turbo/testimgari.jpg'));
    expect(image.details.jpegCoding).toBe('arithmetic');
    // MozJPEG's WebAssembly build has no arithmetic decoder ("arithmetic coding is not implemented"),
    // nor has jpeg-js: refused from the frame header, on the field, before any decoding.
    const error = await rejection(decodeImage(bytes, { field: 'image' }));
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as UnsupportedFeatureError).field).toBe('image');
    expect((error as Error).message).toMatch(/arithmetic-coded JPEGs cannot be decoded here/);
    expect(writeProvenance(bytes, FIELDS).written).toBe(true);
  });

  it('testorig12.jpg (12-bit): valid and tagged; decoding it is an UnsupportedFeatureError', async () => {
    const bytes = read('libjpeg-turbo/testorig12.jpg');
    const image = validateImage(bytes);
    expect([image.width, image.height, image.details.bitDepth]).toEqual([227, 149, 12]);
    const error = await rejection(decodeImage(bytes));
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/12-bit JPEGs cannot be decoded here/);
    // ImageMagick's libjpeg-turbo (8-bit) cannot decode it either.
    expect(() =>
      execFileSync('convert', [join(FIXTURES, 'libjpeg-turbo/testorig12.jpg'), 'rgb:-'], { stdio: 'pipe' }),
    ).toThrow(/Unsupported JPEG data precision 12/);
    expect(writeProvenance(bytes, FIELDS).written).toBe(true);
  });
});

describe("Pillow's JPEGs", () => {
  it.each([
    'pil_sample_rgb.jpg',
    'pil_sample_cmyk.jpg',
    'hopper_gray.jpg',
    'hopper_16bit_qtables.jpg',
    'icc-after-SOF.jpg',
    'app13.jpg',
  ])('%s: decoded within 3 levels of ImageMagick', async (name) => {
    await expectConformant(`pillow/${name}`);
  });

  it('the CMYK sample is read as 4 components and comes out as RGB', async () => {
    const { image, decoded } = await expectConformant('pillow/pil_sample_cmyk.jpg');
    expect(image.details.components).toBe(4);
    expect(decoded.data.every((value, i) => i % 4 !== 3 || value === 255)).toBe(true);
  });

  it.each([
    ['truncated_jpeg.jpg', /truncated inside scan data: no EOI/],
    ['truncated_app14.jpg', /marker expected|expected a marker/],
    ['jpeg_ff00_header.jpg', /marker FF00 outside a scan/],
  ])('%s: refused by sniff, decode and tag', async (name, reason) => {
    await expectRefusedEverywhere(read(`pillow/${name}`), reason);
  });

  it('what libjpeg only warns about ImageMagick still decodes: these are refused by choice', () => {
    for (const [name, warning] of [
      ['truncated_jpeg.jpg', /Premature end of JPEG file/],
      ['jpeg_ff00_header.jpg', /Corrupt JPEG data: 4 extraneous bytes before marker/],
    ] as const) {
      const run = spawnSync('convert', [join(FIXTURES, 'pillow', name), 'rgb:-'], { encoding: 'latin1' });
      expect(run.stderr, name).toMatch(warning);
      expect(run.stdout.length, name).toBeGreaterThan(0);
    }
  });
});

describe("Pillow's WebPs", () => {
  it.each([
    ['hopper.webp', 'lossy'],
    ['flower.webp', 'lossy'],
    ['transparent.webp', 'lossy'],
    ['anim_frame1.webp', 'lossy'],
  ])('%s (%s): decoded within 3 levels of ImageMagick', async (name, kind) => {
    const { image } = await expectConformant(`pillow/${name}`);
    expect(image.details.webpKind).toBe(kind);
  });

  it('transparent.webp keeps its alpha, as ImageMagick reads it', async () => {
    const { decoded, reference } = await expectConformant('pillow/transparent.webp');
    let alphaDifference = 0;
    let transparent = 0;
    for (let i = 3; i < reference.length; i += 4) {
      alphaDifference += Math.abs(decoded.data[i]! - reference[i]!);
      if (decoded.data[i] === 0) transparent++;
    }
    expect(alphaDifference).toBe(0);
    expect(transparent).toBeGreaterThan(100);
  });

  it('iss634.webp (42 lossless frames): the first frame, exactly as ImageMagick shows frame 0', async () => {
    const bytes = read('pillow/iss634.webp');
    const image = validateImage(bytes);
    expect(image).toMatchObject({ animated: true, details: { webpKind: 'animated', frames: 42 } });
    const decoded = await decodeImage(bytes);
    expect([decoded.width, decoded.height, decoded.frames]).toEqual([245, 245, 42]);
    const reference = magickRgba(join(FIXTURES, 'pillow/iss634.webp'));
    expect(decoded.data.findIndex((value, i) => value !== reference[i])).toBe(-1);
    expect(writeProvenance(bytes, FIELDS).written).toBe(true);
  });
});
