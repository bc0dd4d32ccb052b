import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import {
  JPEG_MAX_STANDARD_XMP,
  MalformedImageError,
  readJpeg,
  readProvenance,
  writeJpeg,
  writeProvenance,
} from '../src/index.js';
import { jpegMarkers, makeJpeg } from './fixtures.js';

const fields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'Test model',
};

function scanTail(bytes: Uint8Array): Buffer {
  const buffer = Buffer.from(bytes);
  return buffer.subarray(buffer.indexOf(Buffer.from([0xff, 0xda])));
}

describe('JPEG writer', () => {
  it('puts an XMP APP1 first when there is no JFIF or Exif segment', async () => {
    const file = await makeJpeg();
    expect(jpegMarkers(file)[0]).toBe(0xdb);
    const { bytes } = writeProvenance(file, fields);
    expect(jpegMarkers(bytes)).toEqual([0xe1, ...jpegMarkers(file)]);
  });

  it('puts an XMP APP1 after JFIF, before the frame header; keeps the scan byte-identical', async () => {
    const { gradient } = await import('./fixtures.js');
    const file = new Uint8Array(jpeg.encode({ data: gradient(24, 16), width: 24, height: 16 }, 90).data);
    expect(jpegMarkers(file)[0]).toBe(0xe0);
    const { bytes } = writeProvenance(file, fields);
    const markers = jpegMarkers(bytes);
    expect(markers.slice(0, 2)).toEqual([0xe0, 0xe1]);
    expect(markers.indexOf(0xe1)).toBeLessThan(markers.findIndex((m) => m >= 0xc0 && m <= 0xc2));
    expect(scanTail(bytes)).toEqual(scanTail(file));
    expect(jpeg.decode(bytes).data).toEqual(jpeg.decode(file).data);
    expect(readJpeg(bytes).xmp).toContain('<Iptc4xmpExt:AISystemUsed>Test model</Iptc4xmpExt:AISystemUsed>');
  });

  it('keeps existing APP segments (Exif, ICC) in order and places XMP after Exif', async () => {
    const file = await makeJpeg(24, 16, true);
    const before = jpegMarkers(file);
    const { bytes } = writeProvenance(file, fields);
    const after = jpegMarkers(bytes);
    const exifAt = after.indexOf(0xe1);
    expect(after[exifAt + 1]).toBe(0xe1); // Exif then XMP
    expect(after.filter((_, i) => i !== exifAt + 1)).toEqual(before);
    const report = readProvenance(bytes);
    expect(report).toMatchObject({ exif: true, icc: true, aiGenerated: true });
  });

  it('is idempotent and replaces the XMP segment in place', async () => {
    const file = await makeJpeg(24, 16, true);
    const once = writeProvenance(file, fields).bytes;
    expect(Buffer.from(writeProvenance(once, fields).bytes)).toEqual(Buffer.from(once));
    const changed = writeProvenance(once, { ...fields, aiSystemUsed: 'B' }).bytes;
    expect(jpegMarkers(changed)).toEqual(jpegMarkers(once));
    expect(readProvenance(changed).fields.aiSystemUsed).toBe('B');
  });

  it('spills bulky fields into Extended XMP segments when the packet exceeds one segment', async () => {
    const file = await makeJpeg();
    const prompt = 'a very long prompt about lighthouses and waves '.repeat(4000); // ~190 KB
    const big = { ...fields, aiPromptInformation: prompt, rights: 'R' };
    const result = writeProvenance(file, big);
    expect(result.extendedXmp).toBe(true);
    const markers = jpegMarkers(result.bytes);
    expect(markers.filter((m) => m === 0xe1).length).toBeGreaterThanOrEqual(4);
    const meta = readJpeg(result.bytes);
    expect(meta.xmp!.length).toBeLessThan(JPEG_MAX_STANDARD_XMP);
    expect(meta.xmp).toMatch(/HasExtendedXMP>[0-9A-F]{32}</);
    const report = readProvenance(result.bytes);
    expect(report.fields.aiPromptInformation).toBe(prompt);
    expect(report.fields.aiSystemUsed).toBe('Test model');
    expect(scanTail(result.bytes)).toEqual(scanTail(file));
    // idempotent with extended segments too, and rewriting small drops them all
    expect(Buffer.from(writeProvenance(result.bytes, big).bytes)).toEqual(Buffer.from(result.bytes));
    const small = writeProvenance(result.bytes, fields).bytes;
    expect(jpegMarkers(small).filter((m) => m === 0xe1)).toHaveLength(1);
  });

  it('leaves a JPEG with a C2PA APP11 JUMBF untouched', async () => {
    const file = await makeJpeg();
    const payload = Buffer.concat([
      Buffer.from('JP'),
      Buffer.from([0, 1, 0, 0, 0, 1]),
      Buffer.from('\0\0\0\x20jumb\0\0\0\x18jumdc2pa'),
    ]);
    const app11 = Buffer.concat([Buffer.from([0xff, 0xeb, 0, payload.length + 2]), payload]);
    const withC2pa = new Uint8Array(Buffer.concat([file.subarray(0, 2), app11, file.subarray(2)]));
    expect(readProvenance(withC2pa).c2pa).toBe(true);
    expect(writeProvenance(withC2pa, fields)).toMatchObject({ written: false, skipped: 'c2pa' });
  });
});

describe('JPEG malformed input', () => {
  const cases: [string, (file: Uint8Array) => Uint8Array][] = [
    ['truncated header', (file) => file.subarray(0, 30)],
    ['segment length past the end', (file) => file.map((b, i) => (i === 4 ? 0xff : b))],
    ['segment length below 2', (file) => file.map((b, i) => (i === 4 ? 0 : i === 5 ? 1 : b))],
    [
      'garbage where a marker should be',
      (file) => file.map((b, i) => (i === 4 + ((file[4]! << 8) | file[5]!) ? 0x12 : b)),
    ],
    [
      'no frame header before the scan',
      (file) => {
        const buffer = Buffer.from(file);
        const sof = buffer.indexOf(Buffer.from([0xff, 0xc0]));
        buffer[sof + 1] = 0xe5; // turn SOF0 into an APP5
        return new Uint8Array(buffer);
      },
    ],
  ];
  for (const [name, mutate] of cases) {
    it(`${name} → MalformedImageError`, async () => {
      const bad = mutate(await makeJpeg());
      expect(() => readJpeg(bad)).toThrow(MalformedImageError);
      expect(() => writeJpeg(bad, { xmp: 'x' })).toThrow(MalformedImageError);
    });
  }
});
