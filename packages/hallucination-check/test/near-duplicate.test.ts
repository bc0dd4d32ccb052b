import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidRequestError } from '@pictor/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  hammingDistance,
  indexReferences,
  judgeImage,
  memoryReferences,
  nearDuplicate,
  PDQ_MAX_DISTANCE,
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

async function verdictFor(bytes: Uint8Array, judge = nearDuplicate({ references, algorithm: 'phash' })) {
  const report = await judgeImage({
    bytes,
    mediaType: 'image/png',
    request: { prompt: 'a cat' },
    checks: parsePrompt('a cat').checks,
    judges: [judge],
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
    // A 64-bit pHash is not a PDQ hash.
    expect(() => nearDuplicate({ references: [{ id: 'x', hash: '0123456789abcdef' }] })).toThrow(
      /references\[0\]\.hash/,
    );
    expect(() => nearDuplicate({ references, algorithm: 'md5' as never })).toThrow(/algorithm/);
  });
});

const works = async () => {
  const layout = grid(['DOG', 'RED APPLE', 'BICYCLE', 'HOUSE BUILDING'], 160);
  return {
    work: await scene(layout, { size: 160 }),
    other: await scene(grid(['CAT', 'BANANA', 'AUTOMOBILE', 'DECIDUOUS TREE'], 160), { size: 160 }),
  };
};

describe('nearDuplicate judge (PDQ, the default) with a reference store', () => {
  const small = { rotations: [-8, 8], crops: [0.9], cropPositions: 3 };

  it('matches rotated and cropped copies through the work’s variants, which PDQ alone misses', async () => {
    const { work, other } = await works();
    const withVariants = memoryReferences(
      [
        { id: 'work', bytes: work },
        { id: 'other', bytes: other },
      ],
      {
        variants: small,
      },
    );
    const alone = memoryReferences([{ id: 'work', bytes: work }], { variants: { rotations: [], crops: [] } });
    const rotated = new Uint8Array(await sharp(work).rotate(8, { background: '#ebebe6' }).png().toBuffer());
    const cropped = new Uint8Array(
      await sharp(work).extract({ left: 16, top: 0, width: 144, height: 144 }).png().toBuffer(),
    );
    for (const copy of [rotated, cropped]) {
      const matched = await verdictFor(copy, nearDuplicate({ references: withVariants }));
      expect(matched.verdict).toBe('fail');
      expect(matched.evidence).toMatchObject({ algorithm: 'pdq', maxDistance: PDQ_MAX_DISTANCE });
      const [nearest] = matched.evidence.nearest as { id: string; distance: number; variant: string }[];
      expect(nearest).toMatchObject({ id: 'work' });
      expect(nearest!.variant).not.toBe('original');
      const missed = await verdictFor(copy, nearDuplicate({ references: alone }));
      expect((missed.evidence.nearest as { distance: number }[])[0]!.distance).toBeGreaterThan(
        nearest!.distance + 20,
      );
    }
    // A mirrored JPEG of the work matches its original hash; the other scene passes.
    const mirrored = new Uint8Array(await sharp(work).flop().jpeg({ quality: 50 }).toBuffer());
    expect((await verdictFor(mirrored, nearDuplicate({ references: withVariants }))).verdict).toBe('fail');
    expect(
      (await verdictFor(mirrored, nearDuplicate({ references: withVariants, mirror: false }))).verdict,
    ).not.toBe('fail');
    const unrelated = await scene(grid(['HORSE', 'GRAPES'], 160), { size: 160 });
    expect((await verdictFor(unrelated, nearDuplicate({ references: withVariants }))).verdict).toBe('pass');
  });

  it('reads a folder or an index file by path, and says when the store is empty or the image flat', async () => {
    const { work } = await works();
    const dir = await mkdtemp(join(tmpdir(), 'pictor-nd-'));
    try {
      const index = join(dir, 'works.jsonl');
      await indexReferences(index, { variants: small }).add('work', work);
      const copy = new Uint8Array(await sharp(work).resize(320, 320).png().toBuffer());
      expect((await verdictFor(copy, nearDuplicate({ references: index }))).verdict).toBe('fail');
      const empty = nearDuplicate({ references: memoryReferences() });
      expect(await verdictFor(copy, empty)).toMatchObject({
        verdict: 'uncertain',
        evidence: { reason: 'the reference store is empty' },
      });
      // A flat picture against a flat work: a match, but too little detail to call it a copy.
      const flat = new Uint8Array(
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
          .png()
          .toBuffer(),
      );
      const flatVerdict = await verdictFor(
        flat,
        nearDuplicate({ references: [{ id: 'grey', bytes: flat }] }),
      );
      expect(flatVerdict.verdict).toBe('uncertain');
      expect(flatVerdict.evidence.reason).toMatch(/PDQ quality 0/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
