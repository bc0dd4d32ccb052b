import {
  crc32,
  InvalidResponseError,
  readImageInfo,
  seededNormal,
  seededUniform,
  sniffMediaType,
} from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { solidPng } from './helpers.js';

function riff(chunk: string, body: number[]): Uint8Array {
  const payload = [
    ...new TextEncoder().encode(chunk),
    body.length & 255,
    (body.length >> 8) & 255,
    0,
    0,
    ...body,
  ];
  const size = 4 + payload.length;
  return Uint8Array.from([
    ...new TextEncoder().encode('RIFF'),
    size & 255,
    (size >> 8) & 255,
    0,
    0,
    ...new TextEncoder().encode('WEBP'),
    ...payload,
  ]);
}

describe('readImageInfo', () => {
  it('reads PNG size', async () => {
    expect(readImageInfo(await solidPng(31, 7))).toEqual({ mediaType: 'image/png', width: 31, height: 7 });
  });
  it('reads JPEG size from the frame header, skipping APP segments', () => {
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0xff, 0xc0, 0, 11, 8, 0, 50, 0, 70, 3, 1, 1, 1, 0xff, 0xd9,
    ]);
    expect(readImageInfo(jpeg)).toEqual({ mediaType: 'image/jpeg', width: 70, height: 50 });
    expect(() => readImageInfo(jpeg.subarray(0, 12))).toThrow(InvalidResponseError);
  });
  it('reads WebP VP8L, VP8X and VP8 sizes', () => {
    const w = 99;
    const h = 45;
    const bits = (w - 1) | ((h - 1) << 14);
    const vp8l = riff('VP8L', [
      0x2f,
      bits & 255,
      (bits >> 8) & 255,
      (bits >> 16) & 255,
      (bits >>> 24) & 255,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(readImageInfo(vp8l)).toEqual({ mediaType: 'image/webp', width: 99, height: 45 });
    const vp8x = riff('VP8X', [0, 0, 0, 0, 199, 1, 0, 99, 0, 0]);
    expect(readImageInfo(vp8x)).toEqual({ mediaType: 'image/webp', width: 456, height: 100 });
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 64, 0, 32, 0]);
    expect(readImageInfo(vp8)).toEqual({ mediaType: 'image/webp', width: 64, height: 32 });
    expect(() => readImageInfo(vp8x.subarray(0, 20))).toThrow(InvalidResponseError);
  });
  it('reads GIF size', () => {
    const gif = Uint8Array.from([...new TextEncoder().encode('GIF89a'), 10, 0, 20, 0, 0, 0, 0, 0x3b]);
    expect(readImageInfo(gif)).toEqual({ mediaType: 'image/gif', width: 10, height: 20 });
  });
  it('rejects unknown and truncated bytes', async () => {
    expect(sniffMediaType(new TextEncoder().encode('<html>'))).toBeUndefined();
    expect(() => readImageInfo(new TextEncoder().encode('<html>'))).toThrow(InvalidResponseError);
    const png = await solidPng(4, 4);
    expect(() => readImageInfo(png.subarray(0, 30))).toThrow(InvalidResponseError);
    expect(() => readImageInfo(png.subarray(0, png.length - 1))).toThrow(InvalidResponseError);
  });
});

describe('PNG checksums', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('seeded noise', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(seededNormal(42, 64)).toEqual(seededNormal(42, 64));
    expect(seededNormal(42, 64)).not.toEqual(seededNormal(43, 64));
    expect(seededNormal(42, 63)).toEqual(seededNormal(42, 64).subarray(0, 63));
  });
  it('follows the documented Box–Muller recipe over the documented uniforms', () => {
    const u = seededUniform(9, 4);
    const n = seededNormal(9, 4);
    const r = Math.sqrt(-2 * Math.log(u[0]!));
    expect(n[0]).toBeCloseTo(r * Math.cos(2 * Math.PI * u[1]!), 5);
    expect(n[1]).toBeCloseTo(r * Math.sin(2 * Math.PI * u[1]!), 5);
  });
  it('is standard normal', () => {
    const n = seededNormal(1, 200_000);
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const variance = n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    const u = seededUniform(1, 100_000);
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });
});
