// Conformance of the one image validator over the vendored and generated fixtures
// (test/fixtures/README.md): every valid file is accepted with the size ImageMagick reads, every
// corrupt one is refused — by sniffing or by the structural walk — with the reason it was made for.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImage, InvalidRequestError, InvalidResponseError, validateImage } from '@pictor/core';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((name) => /\.(png|jpg|webp)$/.test(name))
    .sort();
}

function bytes(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, dir, name)));
}

const isInvalid = (name: string) => /^x\w\wn\d[a-z]\d\d\.png$/.test(name) || name.startsWith('invalid-');

/** Why each corrupt file must be refused (a fragment of the validator's message). */
const REASONS: Record<string, RegExp> = {
  'xs1n0g01.png': /not a PNG, JPEG, WebP or GIF/,
  'xs2n0g01.png': /not a PNG, JPEG, WebP or GIF/,
  'xs4n0g01.png': /not a PNG, JPEG, WebP or GIF/,
  'xs7n0g01.png': /not a PNG, JPEG, WebP or GIF/,
  'xcrn0g04.png': /not a PNG, JPEG, WebP or GIF/,
  'xlfn0g04.png': /not a PNG, JPEG, WebP or GIF/,
  'x00n0g01.png': /impossible size 0×32/,
  'xc1n0g08.png': /colour type 1/,
  'xc9n2c08.png': /colour type 9/,
  'xd0n2c08.png': /bit depth 0,/,
  'xd3n2c08.png': /bit depth 3,/,
  'xd9n2c08.png': /bit depth 99,/,
  'xcmn0g08.png': /compression method 1/,
  'xfmn0g08.png': /filter method 1/,
  'ximn0g08.png': /interlace method 2/,
  'xhdn0g08.png': /IHDR chunk has a bad CRC/,
  'xcsn0g01.png': /IDAT chunk has a bad CRC/,
  'xdtn0g01.png': /no IDAT/,
  'xhen0g01.png': /no IDAT/,
  'xnen0g01.png': /no IEND/,
  'xidn2c08.png': /not contiguous/,
  'xpln3p08.png': /no PLTE/,
  'xpgn0g08.png': /greyscale image .* has a PLTE/,
  'xgbn0g08.png': /chunk type is not four letters|declares/,
  'invalid-no-scan.jpg': /without any scan/,
  'invalid-truncated.jpg': /truncated inside scan data/,
  'invalid-header-then-garbage.jpg': /marker expected/,
  'invalid-riff-stops-early.webp': /no VP8 or VP8L image chunk/,
  'invalid-vp8x-only.webp': /no VP8 or VP8L image chunk/,
  'invalid-truncated.webp': /RIFF declares 626 bytes but the file has 313/,
  'invalid-vp8-start-code.webp': /bad start code/,
  'invalid-flags.webp': /flags an ICC profile/,
};

let sizes = new Map<string, string>();

beforeAll(() => {
  // ImageMagick's own reading of every valid file's size (first frame of an animation).
  const valid = ['pngsuite', 'png', 'jpeg', 'webp'].flatMap((dir) =>
    files(dir)
      .filter((name) => !isInvalid(name))
      .map((name) => `${join(FIXTURES, dir, name)}[0]`),
  );
  const out = execFileSync('identify', ['-format', '%f %w %h\n', ...valid], { encoding: 'utf8' });
  sizes = new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const [name, w, h] = line.split(' ');
        return [name!.replace(/\[0\]$/, ''), `${w}×${h}`];
      }),
  );
});

describe.each(['pngsuite', 'png', 'jpeg', 'webp'])('%s fixtures', (dir) => {
  it.each(files(dir).filter((name) => !isInvalid(name)))(
    'accepts %s with the size ImageMagick reads',
    (name) => {
      const image = validateImage(bytes(dir, name));
      expect(`${image.width}×${image.height}`).toBe(sizes.get(name));
      // the header level agrees with the full walk
      const header = validateImage(bytes(dir, name), { level: 'header' });
      expect([header.mediaType, header.width, header.height]).toEqual([
        image.mediaType,
        image.width,
        image.height,
      ]);
    },
  );
  const invalid = files(dir).filter(isInvalid);
  if (invalid.length === 0) return;
  it.each(invalid)('refuses %s for its reason, as a typed error', (name) => {
    const input = bytes(dir, name);
    const check = checkImage(input);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(REASONS[name]!);
    expect(() => validateImage(input)).toThrow(InvalidResponseError);
    expect(() => validateImage(input, { field: 'mask' })).toThrow(InvalidRequestError);
    expect(() => validateImage(input, { field: 'mask' })).toThrow(/^mask: is not a valid image/);
  });
});

describe('what the validator reports', () => {
  it('every PngSuite x* file and every invalid fixture has a stated reason', () => {
    const invalid = ['pngsuite', 'png', 'jpeg', 'webp'].flatMap((dir) => files(dir).filter(isInvalid));
    expect(invalid.sort()).toEqual(Object.keys(REASONS).sort());
  });
  it('counts JPEG trailers and keeps reading the image', () => {
    expect(validateImage(bytes('jpeg', 'exiftool-trailer.jpg')).trailerBytes).toBe(112);
    expect(validateImage(bytes('jpeg', 'afcp-trailer.jpg')).trailerBytes).toBe(53);
    expect(validateImage(bytes('jpeg', 'cjpeg-baseline.jpg')).trailerBytes).toBe(0);
  });
  it('names the JPEG coding process of each encoder', () => {
    const process = (name: string) => {
      const { details } = validateImage(bytes('jpeg', name));
      return `${details.jpegProcess}/${details.jpegCoding}/${details.components}`;
    };
    expect(process('cjpeg-baseline.jpg')).toBe('baseline/huffman/3');
    expect(process('im-progressive.jpg')).toBe('progressive/huffman/3');
    expect(process('cjpeg-arithmetic.jpg')).toBe('extended/arithmetic/3');
    expect(process('cjpeg-arithmetic-progressive.jpg')).toBe('progressive/arithmetic/3');
    expect(process('im-cmyk.jpg')).toBe('baseline/huffman/4');
    expect(process('im-grey.jpg')).toBe('baseline/huffman/1');
  });
  it('reads WebP kinds, frames and the 28-byte lossless file', () => {
    const webp = (name: string) => validateImage(bytes('webp', name));
    expect(bytes('webp', 'tiny-lossless-28.webp').length).toBe(28);
    expect(webp('tiny-lossless-28.webp')).toMatchObject({
      width: 1,
      height: 1,
      details: { webpKind: 'lossless' },
    });
    expect(webp('img2webp-animated.webp')).toMatchObject({
      animated: true,
      details: { webpKind: 'animated', frames: 3 },
    });
    expect(webp('cwebp-lossy-alpha.webp').details).toMatchObject({ webpKind: 'lossy', alpha: true });
  });
  it('reads PNG interlacing and bit depth', () => {
    expect(validateImage(bytes('png', 'im-interlaced-rgba16.png')).details).toEqual({
      bitDepth: 16,
      colourType: 6,
      interlaced: true,
    });
  });
  it('checks the pixel budget from the header, before walking the file', () => {
    const png = bytes('pngsuite', 'basn0g08.png');
    expect(() => validateImage(png, { maxPixels: 1023 })).toThrow(/32×32 is over the pixel budget of 1023/);
    expect(validateImage(png, { maxPixels: 1024 }).width).toBe(32);
  });
});
