import { describe, expect, it } from 'vitest';
import { readJpeg, readProvenance, readWebp, writeProvenance } from '../src/index.js';
import { jpegMarkers, makeJpeg, makeWebp, webpChunks } from './fixtures.js';

const fields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
};
const infotext = 'a red apple, ünïcode 🍎\nNegative prompt: blur\nSteps: 4, Seed: 7, Size: 24x16';

describe('AUTOMATIC1111 parameters in EXIF UserComment (JPEG, WebP)', () => {
  it('JPEG without EXIF: an Exif APP1 with UserComment (UNICODE, UTF-16BE) first, XMP after it', async () => {
    const file = await makeJpeg();
    const result = writeProvenance(file, fields, { parameters: infotext });
    expect(result.parametersWritten).toBe(true);
    expect(jpegMarkers(result.bytes).slice(0, 3)).toEqual([0xe1, 0xe1, 0xdb]);
    const meta = readJpeg(result.bytes);
    expect(meta).toMatchObject({ exif: true, exifOnlyUserComment: true, userComment: infotext });
    expect(readProvenance(result.bytes).parameters).toBe(infotext);
    const bytes = Buffer.from(result.bytes);
    expect(bytes.indexOf('UNICODE\0')).toBeGreaterThan(0);
    // idempotent, and new parameters replace ours
    expect(Buffer.from(writeProvenance(result.bytes, fields, { parameters: infotext }).bytes)).toEqual(bytes);
    const replaced = writeProvenance(result.bytes, fields, { parameters: 'other' }).bytes;
    expect(readProvenance(replaced).parameters).toBe('other');
    expect(jpegMarkers(replaced)).toEqual(jpegMarkers(result.bytes));
  });

  it('JPEG with another tool’s EXIF: the EXIF is left alone and parametersWritten is false', async () => {
    const file = await makeJpeg(24, 16, true);
    const result = writeProvenance(file, fields, { parameters: infotext });
    expect(result.parametersWritten).toBe(false);
    const exif = (b: Uint8Array) => {
      const buffer = Buffer.from(b);
      const at = buffer.indexOf('Exif\0\0');
      return buffer.subarray(at, at + buffer.readUInt16BE(at - 2) - 2);
    };
    expect(exif(result.bytes)).toEqual(exif(file));
    expect(readProvenance(result.bytes).parameters).toBeUndefined();
  });

  for (const kind of ['lossy', 'lossless', 'alpha'] as const) {
    it(`WebP ${kind}: EXIF chunk after the image data, EXIF flag set, XMP last`, async () => {
      const result = writeProvenance(await makeWebp(kind), fields, { parameters: infotext });
      expect(result.parametersWritten).toBe(true);
      const chunks = webpChunks(result.bytes);
      expect(chunks.slice(-2)).toEqual(['EXIF', 'XMP ']);
      const flags = result.bytes[20]!;
      expect(flags & 0x0c).toBe(0x0c);
      expect(readWebp(result.bytes).userComment).toBe(infotext);
      expect(Buffer.from(writeProvenance(result.bytes, fields, { parameters: infotext }).bytes)).toEqual(
        Buffer.from(result.bytes),
      );
    });
  }
});
