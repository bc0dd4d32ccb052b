// Every decoder fixture decoded through decodeImage and compared with ImageMagick's decode of the same
// file: PNG exactly (every colour type, bit depth, interlace method and tRNS), JPEG within a mean
// absolute difference of 3 levels, WebP lossless exactly and lossy within 3 levels.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../src/index.js';
import { fixtures, magickRgba, meanAbsoluteDifference } from './imagemagick.js';

const files = readdirSync(fixtures).filter((f) => /\.(png|jpg|webp)$/.test(f) && !f.startsWith('source-'));
const read = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const pngs = files.filter((f) => f.endsWith('.png'));

describe('decodeImage against ImageMagick', () => {
  it('covers every legal PNG colour type × bit depth, both interlace methods and tRNS', () => {
    expect(pngs.length).toBeGreaterThanOrEqual(55);
    for (const colour of [0, 2, 3, 4, 6])
      expect(pngs.some((f) => f.startsWith(`png-c${colour}-`))).toBe(true);
    expect(pngs.filter((f) => f.includes('-trns')).length).toBe(22);
  });

  it.each(pngs)('PNG %s: the same pixels, exactly', async (name) => {
    const image = await decodeImage(read(name));
    expect(image.mediaType).toBe('image/png');
    expect(Array.from(image.data)).toEqual(Array.from(magickRgba(join(fixtures, name))));
  });

  it.each(files.filter((f) => f.endsWith('.jpg') && !f.includes('arithmetic')))(
    'JPEG %s: mean absolute difference ≤ 3 levels',
    async (name) => {
      const image = await decodeImage(read(name));
      const reference = magickRgba(join(fixtures, name));
      expect(image.data.length).toBe(reference.length);
      expect(meanAbsoluteDifference(image.data, reference)).toBeLessThanOrEqual(3);
    },
  );

  it.each(files.filter((f) => f.endsWith('.webp')))(
    'WebP %s: the same pixels (lossy: within 3 levels)',
    async (name) => {
      const image = await decodeImage(read(name));
      const reference = magickRgba(join(fixtures, name));
      expect(image.data.length).toBe(reference.length);
      if (name.includes('lossless')) expect(Array.from(image.data)).toEqual(Array.from(reference));
      else expect(meanAbsoluteDifference(image.data, reference)).toBeLessThanOrEqual(3);
    },
  );
});
