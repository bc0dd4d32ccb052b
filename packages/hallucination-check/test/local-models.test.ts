import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  anatomy,
  decodeImage,
  HAND_CROPS,
  type HandCrop,
  judgeImage,
  OBJECTS_DOMAIN,
  objects,
  parsePrompt,
  type Verdict,
} from '../src/index.js';
import { grid, scene } from './scenes.js';

async function verdicts(
  bytes: Uint8Array,
  prompt: string,
  judges = [objects(), anatomy()],
  shared?: (s: Map<string, unknown>) => void,
) {
  const report = await judgeImage({
    bytes,
    mediaType: 'image/png',
    request: { prompt },
    checks: parsePrompt(prompt).checks,
    judges: [
      ...judges,
      {
        name: 'peek',
        tier: 9,
        judge: async (input) => {
          shared?.(input.shared);
          return [];
        },
      },
    ],
  });
  return Object.fromEntries(report.verdicts.map((v) => [v.check.id, v])) as Record<string, Verdict>;
}

describe('objects judge (CenterNet on tfjs)', () => {
  it('counts three teddy bears: passes "three", fails "two" with the boxes as evidence', async () => {
    const bears = await scene(grid(['TEDDY BEAR', 'TEDDY BEAR', 'TEDDY BEAR']));
    const three = await verdicts(bears, 'three teddy bears', [objects()]);
    expect(three.e1).toMatchObject({ verdict: 'pass', judge: 'objects' });
    expect(three.c1).toMatchObject({ verdict: 'pass', evidence: { counted: 3 } });
    const two = await verdicts(bears, 'two teddy bears', [objects()]);
    expect(two.c1).toMatchObject({ verdict: 'fail', evidence: { expected: 2, counted: 3 } });
    expect((two.c1!.evidence.detections as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('fails an object that is not there and judges colour and left/right', async () => {
    const image = await scene(grid(['BICYCLE', 'TEDDY BEAR']));
    const wrong = await verdicts(image, 'a giraffe', [objects({ absentBelow: 0.1 })]);
    expect((await verdicts(image, 'a giraffe', [objects()])).e1?.verdict).toBe('uncertain');
    expect(wrong.e1).toMatchObject({ verdict: 'fail', evidence: { naming: 'CenterNet COCO labels' } });
    // The judge's own count verdict abstains when nothing was found confidently (the presence check
    // carries the miss; the DSG rule fails the count through it).
    const prompt = 'two giraffes';
    const own = await objects({ absentBelow: 0.1 }).judge({
      bytes: image,
      mediaType: 'image/png',
      image: (await decodeImage(image)).image,
      request: { prompt },
      checks: parsePrompt(prompt).checks,
      verdicts: [],
      shared: new Map(),
    });
    expect(own.find((v) => v.check.kind === 'entity')?.verdict).toBe('fail');
    expect(own.find((v) => v.check.kind === 'count')?.verdict).toBe('uncertain');
    const right = await verdicts(image, 'a bicycle to the left of a brown teddy bear', [objects()]);
    expect(right.e1?.verdict).toBe('pass');
    expect(right.r1).toMatchObject({ verdict: 'pass' });
    expect(right.a1).toMatchObject({ verdict: 'pass', check: { attribute: 'brown' } });
    const swapped = await verdicts(image, 'a bicycle to the right of a blue teddy bear', [objects()]);
    expect(swapped.r1?.verdict).toBe('fail');
    expect(swapped.a1?.verdict).toBe('fail');
  });
});

describe('objects judge, dual-encoder naming (CenterNet boxes named by the emoji encoder)', () => {
  it('finds and counts emoji objects CenterNet cannot name, and leaves unknown nouns open', async () => {
    const apples = await scene(grid(['RED APPLE', 'RED APPLE', 'RED APPLE']));
    const judge = objects({ naming: 'dual-encoder' });
    const three = await verdicts(apples, 'three red apples', [judge]);
    expect(three.e1).toMatchObject({
      verdict: 'pass',
      evidence: { naming: expect.stringContaining('crop namer') },
    });
    expect(three.c1).toMatchObject({ verdict: 'pass', evidence: { counted: 3 } });
    expect(three.a1).toMatchObject({ verdict: 'pass', check: { attribute: 'red' } });
    expect((await verdicts(apples, 'two apples', [judge])).c1?.verdict).toBe('fail');
    expect((await verdicts(apples, 'a rocket', [judge])).e1?.verdict).not.toBe('pass');
    // CenterNet's own labels see stop signs and kites here, not apples.
    expect((await verdicts(apples, 'three apples', [objects()])).e1?.verdict).not.toBe('pass');
  });
});

describe('objects judge on a photograph (scikit-image sample photo, vendored in test/fixtures/photos)', () => {
  it('the detector fails a missing object there; the emoji namer abstains with the reason', async () => {
    const cat = new Uint8Array(
      await sharp(readFileSync(new URL('../../../test/fixtures/photos/chelsea.png', import.meta.url)))
        .png()
        .toBuffer(),
    );
    expect((await verdicts(cat, 'a cat', [objects()])).e1?.verdict).toBe('pass');
    expect((await verdicts(cat, 'an elephant', [objects()])).e1).toMatchObject({
      verdict: 'fail',
      evidence: { domain: OBJECTS_DOMAIN.detector },
    });
    const named = await verdicts(cat, 'a red cat', [objects({ naming: 'dual-encoder' })]);
    for (const id of ['e1', 'a1']) {
      expect(named[id]?.verdict).toBe('uncertain');
      expect(String(named[id]?.evidence.reason)).toMatch(/looks like a photograph/);
    }
  });

  it('answers every colour check: uncertain with the reason when the object was not found', async () => {
    const image = await scene(grid(['BICYCLE', 'TEDDY BEAR']));
    const found = await verdicts(image, 'a green giraffe and a shiny bicycle', [objects()]);
    expect(found.a1).toMatchObject({ verdict: 'uncertain', check: { attribute: 'green' } });
    expect(String(found.a1?.evidence.reason)).toMatch(/no giraffe found confidently/);
    expect(String(found.a2?.evidence.reason)).toMatch(/shiny is not a colour/);
  });
});

describe('anatomy judge (BlazeFace, HandTrack, hand landmarks; heuristic)', () => {
  it('counts faces against the prompt', async () => {
    const one = await scene(grid(['WOMAN']));
    expect((await verdicts(one, 'a portrait of a woman', [anatomy()])).h1).toMatchObject({
      verdict: 'pass',
      evidence: { faces: 1, heuristic: true },
    });
    const two = await scene(grid(['MAN', 'WOMAN']));
    expect((await verdicts(two, 'a portrait of a woman', [anatomy()])).h1).toMatchObject({
      verdict: 'fail',
      evidence: { expected: 1, faces: 2 },
    });
    expect((await verdicts(two, 'a man and a woman', [anatomy()])).h1?.verdict).toBe('pass');
  });

  it('finds hands and leaves PNG crops for a stronger judge', async () => {
    let crops: HandCrop[] = [];
    const image = await scene(grid(['HAND WITH FINGERS SPLAYED', 'RAISED HAND']));
    const result = await verdicts(image, 'a hand', [anatomy()], (s) => {
      crops = (s.get(HAND_CROPS) as HandCrop[]) ?? [];
    });
    expect(result.h2?.evidence.hands).toBeGreaterThanOrEqual(1);
    expect(crops.length).toBeGreaterThanOrEqual(1);
    expect([...crops[0]!.png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const none = await verdicts(await scene(grid(['RED APPLE'])), 'a woman', [anatomy()]);
    expect(none.h2).toMatchObject({ verdict: 'pass', evidence: { hands: 0 } });
  });
});
