import { crc32 } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { describe, expect, it } from 'vitest';
import { MalformedImageError, readPng, readProvenance, writePng, writeProvenance } from '../src/index.js';
import { makePng, pngChunks } from './fixtures.js';

const fields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'Test model',
};

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function insertAfterIhdr(png: Uint8Array, extra: Uint8Array): Uint8Array {
  return new Uint8Array([...png.subarray(0, 33), ...extra, ...png.subarray(33)]);
}

describe('PNG writer', () => {
  it('puts one iTXt XML:com.adobe.xmp chunk right before the first IDAT, with a valid CRC', async () => {
    const png = await makePng();
    const { bytes, written } = writeProvenance(png, fields);
    expect(written).toBe(true);
    const chunks = pngChunks(bytes);
    const xmpIndex = chunks.indexOf('iTXt');
    expect(chunks[xmpIndex + 1]).toBe('IDAT');
    expect(chunks.filter((type) => type === 'iTXt')).toHaveLength(1);
    // readPng verifies every non-IDAT CRC, so reading back proves the CRC.
    const meta = readPng(bytes);
    expect(meta.xmp).toContain('trainedAlgorithmicMedia');
    // keyword, compression flag 0, method 0, empty language and translated keyword
    const start = Buffer.from(bytes).indexOf('XML:com.adobe.xmp');
    expect(new TextDecoder().decode(bytes.subarray(start - 4, start))).toBe('iTXt');
    expect(new TextDecoder().decode(bytes.subarray(start, start + 17))).toBe('XML:com.adobe.xmp');
    expect([...bytes.subarray(start + 17, start + 22)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps pixels and every other chunk byte-identical', async () => {
    const png = await makePng(40, 30, true);
    const { bytes } = writeProvenance(png, fields);
    expect((await decodeImage(bytes)).data).toEqual((await decodeImage(png)).data);
    const without = pngChunks(bytes).filter((type) => type !== 'iTXt');
    expect(without).toEqual(pngChunks(png));
    // The tail (IDAT..IEND) is the original's tail, byte for byte.
    const firstIdat = Buffer.from(png).indexOf('IDAT') - 4;
    expect(Buffer.from(bytes.subarray(bytes.length - (png.length - firstIdat)))).toEqual(
      Buffer.from(png.subarray(firstIdat)),
    );
  });

  it('is idempotent and replaces an existing XMP chunk instead of adding one', async () => {
    const png = await makePng();
    const once = writeProvenance(png, fields).bytes;
    const twice = writeProvenance(once, fields).bytes;
    expect(Buffer.from(twice)).toEqual(Buffer.from(once));
    const changed = writeProvenance(once, { ...fields, aiSystemUsed: 'Other' }).bytes;
    expect(pngChunks(changed).filter((type) => type === 'iTXt')).toHaveLength(1);
    expect(readProvenance(changed).fields.aiSystemUsed).toBe('Other');
  });

  it('moves a foreign XMP chunk found after IDAT and removes duplicates', async () => {
    const png = await makePng();
    const foreign = chunk(
      'iTXt',
      new TextEncoder().encode('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'),
    );
    const iend = png.length - 12;
    const withTwo = new Uint8Array([
      ...insertAfterIhdr(png, foreign).subarray(0, iend + foreign.length),
      ...foreign,
      ...png.subarray(iend),
    ]);
    expect(pngChunks(withTwo).filter((t) => t === 'iTXt')).toHaveLength(2);
    const { bytes } = writeProvenance(withTwo, fields);
    expect(pngChunks(bytes).filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(readProvenance(bytes).fields.aiSystemUsed).toBe('Test model');
  });

  it('writes an A1111 parameters tEXt chunk (iTXt when not Latin-1) and replaces an old one', async () => {
    const png = await makePng();
    const once = writeProvenance(png, fields, { parameters: 'a cat\nSteps: 4, Seed: 1' }).bytes;
    expect(pngChunks(once)).toContain('tEXt');
    expect(readProvenance(once).parameters).toBe('a cat\nSteps: 4, Seed: 1');
    const again = writeProvenance(once, fields, { parameters: 'ein Hund 🐕\nSteps: 4' }).bytes;
    expect(pngChunks(again).filter((t) => t === 'tEXt')).toHaveLength(0);
    expect(readProvenance(again).parameters).toBe('ein Hund 🐕\nSteps: 4');
  });

  it('leaves a file with a C2PA caBX chunk untouched, or refuses with onC2pa: error', async () => {
    const png = insertAfterIhdr(await makePng(), chunk('caBX', new Uint8Array(16)));
    const result = writeProvenance(png, fields);
    expect(result).toMatchObject({ written: false, skipped: 'c2pa' });
    expect(result.bytes).toBe(png);
    expect(() => writeProvenance(png, fields, { onC2pa: 'error' })).toThrow(/C2PA/);
    expect(readProvenance(png).c2pa).toBe(true);
  });

  it('reports eXIf and other text chunks', async () => {
    const png = insertAfterIhdr(
      insertAfterIhdr(await makePng(), chunk('eXIf', new Uint8Array(8))),
      chunk('tEXt', new TextEncoder().encode('Comment\0hello')),
    );
    const report = readProvenance(png);
    expect(report.exif).toBe(true);
    expect(report.texts).toEqual([{ keyword: 'Comment', text: 'hello' }]);
    expect(report.aiGenerated).toBe(false);
  });
});

describe('PNG malformed input', () => {
  const cases: [string, (png: Uint8Array) => Uint8Array, RegExp][] = [
    ['bad signature', (png) => png.map((b, i) => (i === 1 ? 0 : b)), /signature/],
    ['truncated', (png) => png.subarray(0, png.length - 20), /truncated|remain/],
    ['bad CRC in IHDR', (png) => png.map((b, i) => (i === 30 ? b ^ 1 : b)), /CRC/],
    [
      'huge declared length',
      (png) => {
        const out = png.slice();
        new DataView(out.buffer).setUint32(33, 0x7ffffff0);
        return out;
      },
      /declares|exceeds/,
    ],
    ['not a chunk type', (png) => png.map((b, i) => (i === 37 ? 0x31 : b)), /four letters/],
    ['no IDAT', (png) => new Uint8Array([...png.subarray(0, 33), ...png.subarray(png.length - 12)]), /IDAT/],
  ];
  for (const [name, mutate, message] of cases) {
    it(`${name} → MalformedImageError`, async () => {
      const bad = mutate(await makePng());
      for (const action of [() => readPng(bad), () => writePng(bad, { xmp: 'x' })]) {
        let error: unknown;
        try {
          action();
        } catch (caught) {
          error = caught;
        }
        expect(MalformedImageError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    });
  }

  it('a non-image → MalformedImageError with format unknown', () => {
    expect(() => readProvenance(new TextEncoder().encode('hello world, not an image'))).toThrow(
      MalformedImageError,
    );
    expect(() => writeProvenance(new Uint8Array(0), fields)).toThrow(/not a PNG, JPEG or WebP/);
  });
});
