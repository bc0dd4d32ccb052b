import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { convolutionalEncode, viterbiDecode } from '../src/convolutional.js';
import { forwardBlock, inverseBlockAdd } from '../src/dct8.js';
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
    expect(decodePayload(bits)).toEqual({ version: 2, recordId: '00c0ffee42' });
    bits[20] = bits[20]! ^ 1;
    expect(decodePayload(bits)).toBeUndefined();
  });

  it('soft Viterbi corrects scattered coded-bit errors', () => {
    const bits = encodePayload('0123456789');
    const coded = convolutionalEncode(bits);
    const soft = coded.map((b, i) => (b ? 1 : -1) * (i % 9 === 0 ? -0.3 : 0.4)); // every 9th bit wrong
    expect(decodePayload(viterbiDecode(soft, 64))).toEqual({ version: 2, recordId: '0123456789' });
  });
});

describe('the 8×8 DCT, cut to diagonals 0–5', () => {
  it('gives the full transform on those diagonals, and inverts coefficients that live there', () => {
    const plane = new Float32Array(16 * 16).map((_, i) => ((i * 7919) % 251) - 125);
    const full = new Float64Array(64);
    const cut = new Float64Array(64).fill(Number.NaN);
    forwardBlock(plane, 16, 1, 1, full);
    forwardBlock(plane, 16, 1, 1, cut, 5);
    for (let k = 0; k < 64; k++)
      if ((k >> 3) + (k & 7) <= 5) expect(cut[k]).toBeCloseTo(full[k]!, 9);
      else expect(cut[k]).toBeNaN();
    // Round trip: a block of only low diagonals comes back through the cut inverse.
    const low = new Float64Array(64).map((_, k) => ((k >> 3) + (k & 7) <= 5 ? k - 20 : 0));
    const out = new Float32Array(64);
    inverseBlockAdd(low, out, 8, 0, 0, 5);
    const back = new Float64Array(64);
    forwardBlock(out, 8, 0, 0, back);
    for (let k = 0; k < 64; k++) expect(back[k]).toBeCloseTo(low[k]!, 4);
  });
});

describe('watermark on photographs', () => {
  it('is invisible by PSNR, present with its payload, and survives JPEG 75 and a 0.5× resize', async () => {
    const photo = await rgba(`${PHOTOS}astronaut.png`);
    const marked = await embedWatermarkRgba(photo, { key: 'secret key', recordId: 'a1b2c3d4e5' });
    expect(marked.psnr).toBeGreaterThan(42);
    const clean = await detectWatermarkRgba(marked.image, { key: 'secret key' });
    expect(clean).toMatchObject({ present: true, payload: { version: 2, recordId: 'a1b2c3d4e5' } });
    expect(clean.pValue).toBeLessThan(1e-6);
    const jpeg = await detectWatermarkRgba(await encode(marked.image, (s) => s.jpeg({ quality: 75 })), {
      key: 'secret key',
    });
    expect(jpeg.present).toBe(true);
    const half = await detectWatermarkRgba(await encode(marked.image, (s) => s.resize(256, 256).png()), {
      key: 'secret key',
    });
    expect(half.present).toBe(true);
    // Scheme 2 keeps the payload in the low band, which the downscale keeps.
    expect(half.payload?.recordId).toBe('a1b2c3d4e5');
  });

  it('still reads scheme-1 marks (the first release), payload version 1, with the same presence test', async () => {
    const photo = await rgba(`${PHOTOS}coffee.png`);
    const v1 = await embedWatermarkRgba(photo, { key: 'secret key', recordId: '00000abcde', version: 1 });
    expect(v1.version).toBe(1);
    const found = await detectWatermarkRgba(v1.image, { key: 'secret key' });
    expect(found).toMatchObject({ present: true, payload: { version: 1, recordId: '00000abcde' } });
    const jpeg = await detectWatermarkRgba(await encode(v1.image, (s) => s.jpeg({ quality: 90 })), {
      key: 'secret key',
    });
    expect(jpeg.payload).toEqual({ version: 1, recordId: '00000abcde' });
    // The two versions differ in the pixels: a scheme-2 mark is not a scheme-1 one.
    const v2 = await embedWatermarkRgba(photo, { key: 'secret key', recordId: '00000abcde' });
    expect(v2.version).toBe(2);
    expect(Buffer.from(v2.image.data).equals(Buffer.from(v1.image.data))).toBe(false);
    expect((await detectWatermarkRgba(v2.image, { key: 'secret key' })).payload?.version).toBe(2);
  });

  it('picks the scheme per image: 2 on a photograph, 1 on flat art', async () => {
    const photo = await rgba(`${PHOTOS}chelsea.png`);
    expect((await embedWatermarkRgba(photo, { key: 'k' })).version).toBe(2);
    // Flat art: a white canvas with two solid shapes.
    const data = new Uint8Array(512 * 512 * 4).fill(255);
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < 512; x++) {
        const p = (y * 512 + x) * 4;
        if ((x - 200) ** 2 + (y - 260) ** 2 < 120 ** 2) data.set([220, 40, 60], p);
        else if (x > 330 && x < 460 && y > 60 && y < 180) data.set([60, 160, 80], p);
      }
    const art = await embedWatermarkRgba(
      { width: 512, height: 512, data },
      { key: 'k', recordId: '0a0b0c0d0e' },
    );
    expect(art.version).toBe(1);
    const found = await detectWatermarkRgba(art.image, { key: 'k' });
    expect(found.payload).toEqual({ version: 1, recordId: '0a0b0c0d0e' });
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
