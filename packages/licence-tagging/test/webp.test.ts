import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MalformedImageError, readProvenance, readWebp, writeProvenance, writeWebp } from '../src/index.js';
import { makeWebp, webpChunks } from './fixtures.js';

const fields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'Test model',
};

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).ensureAlpha().raw().toBuffer();
}

function chunkData(bytes: Uint8Array, type: string): Buffer {
  const buffer = Buffer.from(bytes);
  const at = buffer.indexOf(type, 12);
  return buffer.subarray(at + 8, at + 8 + buffer.readUInt32LE(at + 4));
}

describe('WebP writer', () => {
  for (const kind of ['lossy', 'lossless', 'alpha', 'exif'] as const) {
    it(`${kind}: VP8X with the XMP flag, RIFF size fixed, bitstream and pixels identical`, async () => {
      const file = await makeWebp(kind, 30, 20);
      const { bytes } = writeProvenance(file, fields);
      const chunks = webpChunks(bytes);
      expect(chunks[0]).toBe('VP8X');
      expect(chunks.at(-1)).toBe('XMP ');
      expect(Buffer.from(bytes).readUInt32LE(4)).toBe(bytes.length - 8);
      const flags = chunkData(bytes, 'VP8X')[0]!;
      expect(flags & 0x04).toBe(0x04);
      if (kind === 'alpha') expect(flags & 0x10).toBe(0x10);
      if (kind === 'exif') expect(flags & 0x08).toBe(0x08);
      const bitstream = kind === 'lossless' ? 'VP8L' : 'VP8 ';
      expect(chunkData(bytes, bitstream)).toEqual(chunkData(file, bitstream));
      expect(await pixels(bytes)).toEqual(await pixels(file));
      const vp8x = chunkData(bytes, 'VP8X');
      expect(vp8x.readUIntLE(4, 3) + 1).toBe(30);
      expect(vp8x.readUIntLE(7, 3) + 1).toBe(20);
      const report = readProvenance(bytes);
      expect(report).toMatchObject({ format: 'webp', width: 30, height: 20, aiGenerated: true });
      expect(report.fields.aiSystemUsed).toBe('Test model');
      expect(await sharp(bytes).metadata()).toMatchObject({ width: 30, height: 20 });
      expect((await sharp(bytes).metadata()).xmp?.toString()).toContain('Test model');
    });
  }

  it('is idempotent, and an odd-length packet is padded to an even chunk', async () => {
    const file = await makeWebp('lossy');
    for (const name of ['A', 'AB']) {
      const once = writeProvenance(file, { ...fields, aiSystemUsed: name }).bytes;
      expect(once.length % 2).toBe(0);
      expect(Buffer.from(writeProvenance(once, { ...fields, aiSystemUsed: name }).bytes)).toEqual(
        Buffer.from(once),
      );
      expect(webpChunks(once).filter((c) => c === 'XMP ')).toHaveLength(1);
    }
  });

  it('leaves a WebP with a C2PA chunk untouched', async () => {
    const file = Buffer.from(await makeWebp('exif'));
    const c2pa = Buffer.concat([Buffer.from('C2PA'), Buffer.from([4, 0, 0, 0]), Buffer.from('jumb')]);
    const withC2pa = Buffer.concat([file, c2pa]);
    withC2pa.writeUInt32LE(withC2pa.length - 8, 4);
    expect(readProvenance(withC2pa).c2pa).toBe(true);
    expect(writeProvenance(withC2pa, fields)).toMatchObject({ written: false, skipped: 'c2pa' });
  });
});

describe('WebP malformed input', () => {
  const cases: [string, (file: Buffer) => Buffer][] = [
    [
      'RIFF size past the end',
      (file) => {
        file.writeUInt32LE(file.length + 100, 4);
        return file;
      },
    ],
    [
      'chunk size past the RIFF end',
      (file) => {
        file.writeUInt32LE(0xfffffff0, 16);
        return file;
      },
    ],
    [
      'first chunk is not an image',
      (file) => {
        file.write('JUNK', 12);
        return file;
      },
    ],
    [
      'VP8 without a start code',
      (file) => {
        file[23] = 0;
        return file;
      },
    ],
  ];
  for (const [name, mutate] of cases) {
    it(`${name} → MalformedImageError`, async () => {
      const bad = mutate(Buffer.from(await makeWebp('lossy')));
      expect(() => readWebp(bad)).toThrow(MalformedImageError);
      expect(() => writeWebp(bad, { xmp: 'x' })).toThrow(MalformedImageError);
    });
  }
});
