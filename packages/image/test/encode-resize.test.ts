// encodeImage read back by ImageMagick and by decodeImage; resizeRgba's filters on pixels with known
// answers, and its area filter against ImageMagick's `-scale` (pixel-area averaging).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, encodeImage, resizeRgba } from '../src/index.js';
import { fixtures, magickRgba, meanAbsoluteDifference } from './imagemagick.js';

const dir = mkdtempSync(join(tmpdir(), 'pictor-image-'));
const source = () => decodeImage(new Uint8Array(readFileSync(join(fixtures, 'source-97x61.png'))));
const withAlpha = () => decodeImage(new Uint8Array(readFileSync(join(fixtures, 'source-alpha-40x30.png'))));

function magickRead(bytes: Uint8Array, name: string): { format: string; rgba: Uint8Array } {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const format = execFileSync('identify', ['-format', '%m', path]).toString();
  return { format, rgba: magickRgba(path) };
}

describe('encodeImage', () => {
  it('PNG: lossless, RGBA when there is transparency, read identically by ImageMagick', async () => {
    for (const image of [await source(), await withAlpha()]) {
      const bytes = await encodeImage(image, { mediaType: 'image/png' });
      const back = magickRead(bytes, 'out.png');
      expect(back.format).toBe('PNG');
      expect(Array.from(back.rgba)).toEqual(Array.from(image.data));
      expect(Array.from((await decodeImage(bytes)).data)).toEqual(Array.from(image.data));
    }
  });

  it('JPEG: ImageMagick reads it within a few levels; transparency goes onto white', async () => {
    const image = await source();
    const bytes = await encodeImage(image, { mediaType: 'image/jpeg', quality: 92 });
    const back = magickRead(bytes, 'out.jpg');
    expect(back.format).toBe('JPEG');
    expect(meanAbsoluteDifference(back.rgba, image.data)).toBeLessThan(4);
    const clear = { width: 2, height: 1, data: new Uint8ClampedArray([0, 0, 0, 0, 0, 0, 0, 0]) };
    const white = await decodeImage(await encodeImage(clear, { mediaType: 'image/jpeg' }));
    expect(Math.min(...white.data)).toBeGreaterThan(245);
  });

  it('WebP: lossless is exact (alpha kept), lossy within a few levels', async () => {
    const image = await withAlpha();
    const lossless = await encodeImage(image, { mediaType: 'image/webp', lossless: true });
    const back = magickRead(lossless, 'out.webp');
    expect(back.format).toBe('WEBP');
    expect(Array.from((await decodeImage(lossless)).data)).toEqual(Array.from(image.data));
    const photo = await source();
    const lossy = await decodeImage(await encodeImage(photo, { mediaType: 'image/webp', quality: 90 }));
    // The source is fractal plasma, about the hardest texture for VP8 (4.1 levels at quality 90).
    expect(meanAbsoluteDifference(lossy.data, photo.data)).toBeLessThan(6);
  });

  it('refuses pixels that do not match the size, and bad quality', async () => {
    const bad = { width: 3, height: 3, data: new Uint8ClampedArray(10) };
    await expect(encodeImage(bad, { mediaType: 'image/png' })).rejects.toThrow(RangeError);
    const ok = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    await expect(encodeImage(ok, { mediaType: 'image/jpeg', quality: 0 })).rejects.toThrow(/quality/);
  });
});

describe('resizeRgba', () => {
  const opaque = (values: number[]) => new Uint8ClampedArray(values.flatMap((v) => [v, v, v, 255]));

  it('area: each output pixel is the mean of the source pixels it covers', () => {
    const image = { width: 4, height: 2, data: opaque([0, 100, 200, 40, 20, 120, 220, 60]) };
    const out = resizeRgba(image, 2, 1);
    expect(Array.from(out.data)).toEqual([60, 60, 60, 255, 130, 130, 130, 255]);
    // A third of a pixel's width: 3 → 2 averages 1.5 pixels each.
    const three = resizeRgba({ width: 3, height: 1, data: opaque([0, 90, 180]) }, 2, 1, { filter: 'area' });
    expect([three.data[0], three.data[4]]).toEqual([30, 150]);
  });

  it('bilinear when growing (pixel centres aligned), nearest on request', () => {
    const image = { width: 2, height: 1, data: opaque([0, 200]) };
    expect(Array.from(resizeRgba(image, 4, 1).data.filter((_, i) => i % 4 === 0))).toEqual([0, 50, 150, 200]);
    expect(
      Array.from(resizeRgba(image, 4, 1, { filter: 'nearest' }).data.filter((_, i) => i % 4 === 0)),
    ).toEqual([0, 0, 200, 200]);
    // 'area' on a growing axis is a box's reconstruction: nearest.
    expect(
      Array.from(resizeRgba(image, 4, 1, { filter: 'area' }).data.filter((_, i) => i % 4 === 0)),
    ).toEqual([0, 0, 200, 200]);
  });

  it('averages colour weighted by alpha: a transparent pixel does not tint its neighbour', () => {
    const image = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 0, 0, 0, 255, 255]) };
    expect(Array.from(resizeRgba(image, 1, 1).data)).toEqual([0, 0, 255, 128]);
  });

  it('a region: resizes only that crop', () => {
    const image = { width: 4, height: 1, data: opaque([0, 100, 200, 40]) };
    const out = resizeRgba(image, 2, 1, { region: { x: 1, y: 0, width: 2, height: 1 } });
    expect([out.data[0], out.data[4]]).toEqual([100, 200]);
  });

  it('area matches ImageMagick -scale (pixel-area averaging) on a photo, 97×61 → 40×25', async () => {
    const image = await source();
    const ours = resizeRgba(image, 40, 25);
    const theirs = new Uint8Array(
      execFileSync('convert', [
        join(fixtures, 'source-97x61.png'),
        '-scale',
        '40x25!',
        '-depth',
        '8',
        'rgba:-',
      ]),
    );
    expect(meanAbsoluteDifference(ours.data, theirs)).toBeLessThan(1);
  });
});
