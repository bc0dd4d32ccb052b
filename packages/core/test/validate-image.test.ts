import { readFileSync } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkImage,
  crc32,
  crc32Implementation,
  encodePng,
  fastCrc32,
  InvalidRequestError,
  InvalidResponseError,
  validateImage,
} from '../src/index.js';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url)));

/** The JPEG with its first frame header's marker and precision replaced. */
function withFrame(jpeg: Uint8Array, marker: number, precision: number): Uint8Array {
  const out = jpeg.slice();
  const at = out.findIndex((b, i) => b === 0xff && out[i + 1] === 0xc0);
  out[at + 1] = marker;
  out[at + 4] = precision;
  return out;
}

function withoutSegment(jpeg: Uint8Array, marker: number): Uint8Array {
  const at = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === marker);
  const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
  return Uint8Array.from([...jpeg.subarray(0, at), ...jpeg.subarray(at + 2 + length)]);
}

function pngChunk(type: string, data: number[]): Uint8Array {
  const body = Uint8Array.from([...type].map((c) => c.charCodeAt(0)).concat(data));
  const out = new Uint8Array(body.length + 8);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(body, 4);
  new DataView(out.buffer).setUint32(4 + body.length, crc32(body));
  return out;
}

/** The PNG with `chunk` inserted after IHDR. */
function withChunk(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  return Uint8Array.from([...png.subarray(0, 33), ...chunk, ...png.subarray(33)]);
}

describe('validateImage: JPEG frame headers', () => {
  const baseline = fixture('jpeg/cjpeg-baseline.jpg');
  it('accepts 12-bit extended and 2–16-bit lossless frame headers', () => {
    expect(validateImage(withFrame(baseline, 0xc1, 12)).details).toMatchObject({
      jpegProcess: 'extended',
      bitDepth: 12,
    });
    expect(validateImage(withFrame(baseline, 0xca, 12)).details).toMatchObject({
      jpegProcess: 'progressive',
      jpegCoding: 'arithmetic',
    });
    expect(validateImage(withFrame(baseline, 0xc3, 16)).details).toMatchObject({
      jpegProcess: 'lossless',
      bitDepth: 16,
    });
  });
  it('refuses precisions the process does not allow, and scans without their quantisation tables', () => {
    expect(() => validateImage(withFrame(baseline, 0xc0, 12))).toThrow(
      /baseline frame has sample precision 12/,
    );
    expect(() => validateImage(withFrame(baseline, 0xc3, 1))).toThrow(
      /lossless frame has sample precision 1/,
    );
    expect(() => validateImage(withoutSegment(baseline, 0xdb))).toThrow(/no DQT defined/);
  });
});

describe('validateImage: PNG rules', () => {
  it('counts bytes after IEND as a trailer, and marks APNG as animated', async () => {
    const png = await encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(200) });
    const trailed = Uint8Array.from([...png, 1, 2, 3]);
    expect(validateImage(trailed).trailerBytes).toBe(3);
    const apng = withChunk(png, pngChunk('acTL', [0, 0, 0, 1, 0, 0, 0, 0]));
    expect(validateImage(apng).animated).toBe(true);
    expect(validateImage(png).animated).toBe(false);
  });
  it('refuses an unknown critical chunk and accepts an unknown ancillary one', async () => {
    const png = await encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(200) });
    expect(() => validateImage(withChunk(png, pngChunk('ZZZZ', [1])))).toThrow(/unknown critical chunk ZZZZ/);
    expect(validateImage(withChunk(png, pngChunk('zzZZ', [1]))).width).toBe(2);
  });
});

describe('typed errors', () => {
  it('names the field for user input, and stays an InvalidResponseError otherwise', () => {
    const bad = fixture('pngsuite/xc1n0g08.png');
    expect(() => validateImage(bad)).toThrow(InvalidResponseError);
    let error: unknown;
    try {
      validateImage(bad, { field: 'references[1]' });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidRequestError.isInstance(error) && error.field).toBe('references[1]');
    expect(checkImage(bad)).toMatchObject({ ok: false, mediaType: 'image/png', offset: 25 });
  });
});

describe('fastCrc32', () => {
  it('uses zlib.crc32 in Node and agrees with the portable CRC', () => {
    expect(crc32Implementation()).toBe('zlib');
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) & 0xff);
    expect(fastCrc32(bytes)).toBe(crc32(bytes));
    expect(fastCrc32(bytes.subarray(10, 90_000), 12345)).toBe(crc32(bytes.subarray(10, 90_000), 12345));
  });

  it('the portable slice-by-16 CRC matches zlib.crc32 at every length, alignment and start value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0), 0xdeadbeef)).toBe(0xdeadbeef);
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    for (let start = 0; start < 8; start++)
      for (const length of [0, 1, 3, 15, 16, 17, 63, 64, 65, 79, 80, 81, 255, 1000, 4000]) {
        const piece = bytes.subarray(start, start + length);
        expect(crc32(piece), `offset ${start}, ${length} bytes`).toBe(zlibCrc32(piece));
        expect(crc32(piece, 0x12345678)).toBe(zlibCrc32(piece, 0x12345678));
      }
    // Continuing a CRC across pieces equals the CRC of the whole.
    expect(crc32(bytes.subarray(1001), crc32(bytes.subarray(0, 1001)))).toBe(zlibCrc32(bytes));
  });
});
