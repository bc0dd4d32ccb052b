// What decodeImage refuses, and how: typed errors naming the field, the pixel budget read from the
// header before any decoding, animations' first frames, features no codec here decodes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidRequestError, InvalidResponseError, UnsupportedFeatureError } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS, decodeImage } from '../src/index.js';
import { fixtures, magickRgba } from './imagemagick.js';
import { pngAround, pngBomb } from './png-bomb.js';

const read = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const MiB = 1 << 20;

describe('decodeImage refuses with typed errors', () => {
  it('bad bytes: InvalidRequestError on the field for user input, InvalidResponseError otherwise', async () => {
    const png = read('png-c6-d08-i0.png');
    const corrupt = png.slice();
    corrupt[60]! ^= 0xff; // inside the first IDAT: its CRC no longer matches
    for (const bytes of [corrupt, png.subarray(0, 60), new TextEncoder().encode('<html>')]) {
      const asInput = await rejection(decodeImage(bytes, { field: 'mask' }));
      expect(InvalidRequestError.isInstance(asInput)).toBe(true);
      expect((asInput as InvalidRequestError).field).toBe('mask');
      expect(InvalidResponseError.isInstance(await rejection(decodeImage(bytes)))).toBe(true);
    }
    expect(((await rejection(decodeImage(png.subarray(0, 60)))) as Error).message).toContain('past the end');
    // Valid chunks (CRCs right) around image data that is not a zlib stream.
    const garbage = pngAround(
      4,
      4,
      Uint8Array.from({ length: 64 }, (_, i) => (i * 89 + 7) & 255),
    );
    expect(((await rejection(decodeImage(garbage))) as Error).message).toContain(
      'does not start with a zlib header',
    );
    // A zlib header, then bytes that do not inflate: refused by the platform's zlib before the decoder.
    const broken = pngAround(4, 4, Uint8Array.from([0x78, 0x9c, ...garbage.subarray(0, 40)]));
    expect(((await rejection(decodeImage(broken))) as Error).message).toMatch(
      /^PNG: the image data is corrupt or truncated \(zlib: /,
    );
    const jpeg = read('jpeg-baseline-420.jpg');
    const cut = await rejection(decodeImage(jpeg.subarray(0, 300), { field: 'image' }));
    expect((cut as Error).message).toMatch(/^image: JPEG\b/);
    const webp = read('webp-lossy.webp');
    expect((await rejection(decodeImage(webp.subarray(0, 40)))) as Error).toBeInstanceOf(
      InvalidResponseError,
    );
    // After a failure the codec still decodes the next file.
    expect((await decodeImage(jpeg)).width).toBe(97);
  });

  it('GIF is refused by name', async () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;');
    expect(((await rejection(decodeImage(gif, { field: 'image' }))) as Error).message).toContain(
      'GIF images are not supported',
    );
  });

  it('arithmetic-coded JPEG: UnsupportedFeatureError on the field, from the frame header', async () => {
    const error = await rejection(decodeImage(read('jpeg-arithmetic.jpg'), { field: 'image' }));
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as UnsupportedFeatureError).field).toBe('image');
    expect((error as Error).message).toContain('arithmetic');
  });

  it('the pixel budget is checked from the header (default 4096 × 4096), for every format', async () => {
    expect(DEFAULT_MAX_PIXELS).toBe(4096 * 4096);
    for (const name of [
      'png-c2-d08-i0.png',
      'jpeg-progressive.jpg',
      'webp-lossless.webp',
      'webp-animated.webp',
    ]) {
      const bytes = read(name);
      const { width, height } = await decodeImage(bytes);
      const error = await rejection(decodeImage(bytes, { maxPixels: width * height - 1, field: 'image' }));
      expect((error as Error).message, name).toContain(`${width}×${height}`);
      expect((error as Error).message).toContain('maxPixels');
      expect((await decodeImage(bytes, { maxPixels: width * height })).width).toBe(width);
    }
    // A header declaring 20000 × 20000 (400 megapixels) with no image data behind it: refused at once.
    const huge = pngAround(20_000, 20_000, new Uint8Array(8));
    const start = performance.now();
    const error = await rejection(decodeImage(huge));
    expect((error as Error).message).toContain('20000×20000');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a PNG bomb (about 600 KB inflating to 600 MiB) costs bounded memory and time', async () => {
    const bomb = pngBomb(600);
    expect(bomb.length).toBeLessThan(MiB);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const start = performance.now();
    const error = await rejection(decodeImage(bomb));
    const ms = performance.now() - start;
    // Refused once the data passes the 1000 × 1000 image's 4,001,000 bytes: tens of milliseconds and a
    // few MiB, where running the stream to its end takes seconds and a whole inflate 600 MiB.
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('inflates to more than the 4001000 bytes its header declares');
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(100 * MiB);
    expect(ms).toBeLessThan(1000);
  });
});

describe('inputs that are views', () => {
  it('a Node Buffer view and a subarray decode like a plain copy', async () => {
    for (const name of [
      'png-c3-d02-i1-trns.png',
      'jpeg-progressive.jpg',
      'jpeg-cmyk.jpg',
      'webp-lossless-alpha.webp',
    ]) {
      const plain = await decodeImage(read(name));
      // A Buffer view (whose own slice() is a view too) and a plain Uint8Array view.
      const buffer = Buffer.concat([Buffer.alloc(8), read(name)]).subarray(8);
      const padded = new Uint8Array(buffer.length + 16);
      padded.set(buffer, 8);
      for (const view of [buffer, padded.subarray(8, 8 + buffer.length)]) {
        expect(view.byteOffset > 0 || view.byteLength !== view.buffer.byteLength).toBe(true);
        expect(Array.from((await decodeImage(view)).data), name).toEqual(Array.from(plain.data));
      }
    }
  });
});

describe('animations decode to their first frame', () => {
  it('APNG: the default image, with the frame count', async () => {
    const image = await decodeImage(read('apng-2-frames.png'));
    expect(image.frames).toBe(2);
    expect(Array.from(image.data.subarray(0, 4))).toEqual([200, 30, 30, 255]);
  });

  it('animated WebP: the first frame on the canvas, as ImageMagick shows frame 0', async () => {
    const image = await decodeImage(read('webp-animated.webp'));
    expect(image.frames).toBe(2);
    expect([image.width, image.height]).toEqual([97, 61]);
    expect(Array.from(image.data)).toEqual(Array.from(magickRgba(join(fixtures, 'webp-animated.webp'))));
  });

  it('still images have no frame count', async () => {
    expect((await decodeImage(read('png-c2-d08-i0.png'))).frames).toBeUndefined();
    expect((await decodeImage(read('webp-lossy-alpha.webp'))).frames).toBeUndefined();
  });
});
