import { createPrng, encodePng } from '@pictor/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, degenerate, judgeImage, parsePrompt, type Verdict } from '../src/index.js';
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

  it('fails low effective resolution: a scene upscaled from 8×8 or 16×16, blocky or smooth', async () => {
    const source = await scene(grid(['BANANA', 'DOG', 'RED APPLE', 'BICYCLE']));
    expect((await judge(source)).verdict).toBe('pass');
    expect((await judge(new Uint8Array(await sharp(source).blur(3).png().toBuffer()))).verdict).toBe('pass');
    for (const [n, kernel] of [
      [8, 'nearest'],
      [8, 'cubic'],
      [16, 'nearest'],
    ] as const) {
      const small = await sharp(source).resize(n, n).png().toBuffer();
      const upscaled = new Uint8Array(await sharp(small).resize(512, 512, { kernel }).png().toBuffer());
      const verdict = await judge(upscaled);
      expect(verdict.verdict).toBe('fail');
      expect(String(verdict.evidence.reason)).toMatch(/^low effective resolution/);
      // Off, it passes.
      const off = await judgeImage({
        bytes: upscaled,
        mediaType: 'image/png',
        request: { prompt: 'a red apple' },
        checks: parsePrompt('a red apple').checks,
        judges: [degenerate({ lowResolutionGrid: 0 })],
      });
      expect(off.verdicts[0]!.verdict).toBe('pass');
    }
  });

  it('fails undecodable bytes, truncated WebP and WebP above the pixel budget', async () => {
    const broken = new Uint8Array(emojiPng('RED APPLE')).slice(0, 200);
    expect((await judge(broken)).verdict).toBe('fail');
    const webp = new Uint8Array(await sharp(emojiPng('RED APPLE')).webp().toBuffer());
    const cut = await judge(webp.slice(0, webp.length - 40), 'image/webp');
    expect(cut.verdict).toBe('fail');
    expect(String(cut.evidence.reason)).toContain('WebP');
    const big = await decodeImage(webp, 64 * 63);
    expect(big.error).toContain('64×64');
    expect(big.error).toContain('above the 4032-pixel limit');
  });

  it('decodes WebP, lossy and lossless, to the pixels sharp decodes (libwebp in WebAssembly)', async () => {
    const source = await scene(grid(['CAT', 'RED APPLE'], 64), { size: 128 });
    for (const options of [{ lossless: true }, { quality: 90 }]) {
      const webp = new Uint8Array(await sharp(source).webp(options).toBuffer());
      const ours = await decodeImage(webp);
      const theirs = await sharp(webp).ensureAlpha().raw().toBuffer();
      expect([ours.image?.width, ours.image?.height]).toEqual([128, 128]);
      let diff = 0;
      for (let i = 0; i < theirs.length; i++) diff += Math.abs(ours.image!.data[i]! - theirs[i]!);
      // The same libwebp decodes both; lossy upsampling options may differ by a level here and there.
      expect(diff / theirs.length).toBeLessThan(1);
    }
    const apple = new Uint8Array(await sharp(emojiPng('RED APPLE')).webp().toBuffer());
    expect((await judge(apple, 'image/webp')).verdict).toBe('pass');
  });

  it('decodes JPEG (the same pixels sharp decodes, within JPEG rounding)', async () => {
    const source = await scene(grid(['CAT'], 64), { size: 64 });
    const jpegBytes = new Uint8Array(await sharp(source).jpeg({ quality: 95 }).toBuffer());
    const ours = (await decodeImage(jpegBytes)).image!;
    const theirs = await sharp(jpegBytes).ensureAlpha().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < theirs.length; i++) diff += Math.abs(ours.data[i]! - theirs[i]!);
    // Decoders differ in chroma upsampling at sharp edges; on average they agree closely.
    expect(diff / theirs.length).toBeLessThan(4);
    expect([ours.width, ours.height]).toEqual([64, 64]);
  });
});
