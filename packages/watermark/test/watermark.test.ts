import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { convolutionalEncode, viterbiDecode } from '../src/convolutional.js';
import { detectWatermarkRgba, embedWatermarkRgba, type RgbaPixels } from '../src/index.js';
import { decodePayload, encodePayload } from '../src/payload.js';

// Real photographs (public domain / CC0), see test/fixtures/photos/README.md.
const PHOTOS = fileURLToPath(new URL('../../../test/fixtures/photos/', import.meta.url));

async function rgba(input: string | Buffer): Promise<RgbaPixels> {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function encode(image: RgbaPixels, to: (s: Sharp) => Sharp): Promise<RgbaPixels> {
  const raw = sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });
  return rgba(await to(raw).toBuffer());
}

describe('payload and code', () => {
  it('round-trips a record id and refuses a corrupted word', () => {
    const bits = encodePayload('00c0ffee42');
    expect(decodePayload(bits)).toEqual({ version: 1, recordId: '00c0ffee42' });
    bits[20] = bits[20]! ^ 1;
    expect(decodePayload(bits)).toBeUndefined();
  });

  it('soft Viterbi corrects scattered coded-bit errors', () => {
    const bits = encodePayload('0123456789');
    const coded = convolutionalEncode(bits);
    const soft = coded.map((b, i) => (b ? 1 : -1) * (i % 9 === 0 ? -0.3 : 0.4)); // every 9th bit wrong
    expect(decodePayload(viterbiDecode(soft, 64))).toEqual({ version: 1, recordId: '0123456789' });
  });
});

describe('watermark on photographs', () => {
  it('is invisible by PSNR, present with its payload, and survives JPEG 75 and a 0.5× resize', async () => {
    const photo = await rgba(`${PHOTOS}astronaut.png`);
    const marked = await embedWatermarkRgba(photo, { key: 'secret key', recordId: 'a1b2c3d4e5' });
    expect(marked.psnr).toBeGreaterThan(42);
    const clean = await detectWatermarkRgba(marked.image, { key: 'secret key' });
    expect(clean).toMatchObject({ present: true, payload: { version: 1, recordId: 'a1b2c3d4e5' } });
    expect(clean.pValue).toBeLessThan(1e-6);
    const jpeg = await detectWatermarkRgba(await encode(marked.image, (s) => s.jpeg({ quality: 75 })), {
      key: 'secret key',
    });
    expect(jpeg.present).toBe(true);
    const half = await detectWatermarkRgba(await encode(marked.image, (s) => s.resize(256, 256).png()), {
      key: 'secret key',
    });
    expect(half.present).toBe(true);
  });

  it('the wrong key and unmarked images give z ~ N(0, 1): no detection', async () => {
    const photos = await Promise.all(
      ['chelsea.png', 'coffee.png', 'rocket.jpg', 'camera.png'].map((f) => rgba(`${PHOTOS}${f}`)),
    );
    const marked = await embedWatermarkRgba(photos[0]!, { key: 'right key' });
    const zs: number[] = [];
    for (let k = 0; k < 15; k++)
      for (const image of [marked.image, ...photos.slice(1)]) {
        const result = await detectWatermarkRgba(image, { key: `other key ${k}` });
        expect(result.present).toBe(false);
        expect(result.payload).toBeUndefined();
        zs.push(result.z);
      }
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / zs.length);
    expect(Math.abs(mean)).toBeLessThan(0.5);
    expect(sd).toBeGreaterThan(0.6);
    expect(sd).toBeLessThan(1.5);
    expect(Math.max(...zs)).toBeLessThan(4.75);
  });
});
