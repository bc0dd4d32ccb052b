import { InvalidRequestError } from '@pictor/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  hammingDistance,
  judgeImage,
  nearDuplicate,
  parsePrompt,
  pHash,
  referenceHash,
} from '../src/index.js';
import { emojiPng, grid, scene } from './scenes.js';

const references = [
  { id: 'cat', bytes: new Uint8Array(emojiPng('CAT')) },
  { id: 'car', bytes: new Uint8Array(emojiPng('AUTOMOBILE')) },
  { id: 'apple', bytes: new Uint8Array(emojiPng('RED APPLE')) },
];

async function verdictFor(bytes: Uint8Array) {
  const report = await judgeImage({
    bytes,
    mediaType: 'image/png',
    request: { prompt: 'a cat' },
    checks: parsePrompt('a cat').checks,
    judges: [nearDuplicate({ references })],
  });
  return report.verdicts.find((v) => v.check.id === 'originality')!;
}

describe('nearDuplicate judge (pHash)', () => {
  it('flags resized, recompressed and mirrored copies with the nearest match', async () => {
    const bigger = new Uint8Array(await sharp(emojiPng('CAT')).resize(256, 256).png().toBuffer());
    const jpegCopy = new Uint8Array(
      await sharp(emojiPng('AUTOMOBILE')).flatten({ background: '#fff' }).jpeg({ quality: 60 }).toBuffer(),
    );
    const mirrored = new Uint8Array(await sharp(emojiPng('RED APPLE')).flop().png().toBuffer());
    for (const [bytes, id] of [
      [bigger, 'cat'],
      [jpegCopy, 'car'],
      [mirrored, 'apple'],
    ] as const) {
      const verdict = await verdictFor(bytes);
      expect(verdict.verdict).toBe('fail');
      expect((verdict.evidence.nearest as { id: string }[])[0]!.id).toBe(id);
      expect(verdict.evidence.note).toContain('not a legal verdict');
    }
  });

  it('passes unrelated images', async () => {
    expect((await verdictFor(new Uint8Array(emojiPng('BICYCLE')))).verdict).toBe('pass');
    expect(await verdictFor(await scene(grid(['BANANA', 'DOG', 'HORSE'])))).toMatchObject({
      verdict: 'pass',
    });
  });

  it('hashes are stable and distances symmetric', async () => {
    const a = await referenceHash(references[0]!.bytes);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    const decoded = await decodeImage(references[1]!.bytes);
    const b = pHash(decoded.image!);
    expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
    expect(hammingDistance(a, a)).toBe(0);
  });

  it('rejects a bad reference set before any work', () => {
    expect(() => nearDuplicate({ references: [] })).toThrow(InvalidRequestError);
    expect(() => nearDuplicate({ references: [{ id: 'x' }] })).toThrow(/references\[0\]/);
    expect(() => nearDuplicate({ references: [{ id: 'x', hash: 'zz' }] })).toThrow(/references\[0\]\.hash/);
  });
});
