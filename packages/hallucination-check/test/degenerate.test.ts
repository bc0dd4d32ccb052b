import { createPrng, encodePng } from '@pictor/core';
import jpeg from 'jpeg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { degenerate, judgeImage, parsePrompt, type Verdict } from '../src/index.js';
import { emojiPng, grid, scene } from './scenes.js';

function rgba(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4);
  return data;
}

async function judge(
  bytes: Uint8Array,
  mediaType = 'image/png',
  request = { prompt: 'a red apple' },
): Promise<Verdict> {
  const report = await judgeImage({
    bytes,
    mediaType,
    request,
    checks: parsePrompt(request.prompt).checks,
    judges: [degenerate()],
  });
  const verdict = report.verdicts.find((v) => v.check.id === 'image');
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

describe('degenerate judge', () => {
  it('passes real pictures: an emoji, a composited scene, a JPEG', async () => {
    expect((await judge(new Uint8Array(emojiPng('RED APPLE')))).verdict).toBe('pass');
    expect(await judge(await scene(grid(['BANANA', 'DOG'])))).toMatchObject({
      verdict: 'pass',
      judge: 'degenerate',
    });
    const jpegBytes = new Uint8Array(
      await sharp(emojiPng('CAT')).flatten({ background: '#ffffff' }).jpeg().toBuffer(),
    );
    expect((await judge(jpegBytes, 'image/jpeg')).verdict).toBe('pass');
  });

  it('fails blank, near-black, noise-only and wrong-size images, with the reason', async () => {
    const blank = await encodePng({ width: 64, height: 64, data: rgba(64, 64, () => [200, 200, 200]) });
    expect(await judge(blank)).toMatchObject({ verdict: 'fail', evidence: { reason: 'blank or uniform' } });
    const next = createPrng(7);
    const black = await encodePng({
      width: 64,
      height: 64,
      data: rgba(64, 64, () => [next() % 4, next() % 4, next() % 4]),
    });
    expect(await judge(black)).toMatchObject({
      verdict: 'fail',
      evidence: { reason: 'near-black (filtered?)' },
    });
    const noise = await encodePng({
      width: 128,
      height: 128,
      data: rgba(128, 128, () => [next() & 255, next() & 255, next() & 255]),
    });
    expect(await judge(noise)).toMatchObject({ verdict: 'fail', evidence: { reason: 'noise only' } });
    const apple = new Uint8Array(emojiPng('RED APPLE'));
    expect(
      await judge(apple, 'image/png', { prompt: 'a red apple', width: 128, height: 128 } as never),
    ).toMatchObject({ verdict: 'fail', evidence: { reason: 'wrong dimensions: asked 128×128, got 64×64' } });
  });

  it('fails undecodable bytes and says uncertain for WebP (no bundled decoder)', async () => {
    const broken = new Uint8Array(emojiPng('RED APPLE')).slice(0, 200);
    expect((await judge(broken)).verdict).toBe('fail');
    const webp = new Uint8Array(await sharp(emojiPng('RED APPLE')).webp().toBuffer());
    const verdict = await judge(webp, 'image/webp');
    expect(verdict.verdict).toBe('uncertain');
    expect(String(verdict.evidence.reason)).toContain('WebP');
  });

  it('decodes JPEG through jpeg-js (the same pixels sharp decodes, within JPEG rounding)', async () => {
    const source = await scene(grid(['CAT'], 64), { size: 64 });
    const jpegBytes = new Uint8Array(await sharp(source).jpeg({ quality: 95 }).toBuffer());
    const ours = jpeg.decode(jpegBytes, { useTArray: true, formatAsRGBA: true });
    const theirs = await sharp(jpegBytes).ensureAlpha().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < theirs.length; i++) diff += Math.abs(ours.data[i]! - theirs[i]!);
    // Decoders differ in chroma upsampling at sharp edges; on average they agree closely.
    expect(diff / theirs.length).toBeLessThan(4);
    expect([ours.width, ours.height]).toEqual([64, 64]);
  });
});
