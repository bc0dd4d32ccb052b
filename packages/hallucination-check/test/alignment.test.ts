import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ALIGNMENT_DOMAIN,
  alignment,
  GENERATED_FAIL_Z,
  GENERATED_PASS_Z,
  judgeImage,
  parsePrompt,
  type Verdict,
} from '../src/index.js';
import { emojiPng, grid, scene } from './scenes.js';

async function verdict(
  name: string,
  prompt: string,
  options: { judge?: ReturnType<typeof alignment>; modelId?: string } = {},
): Promise<Verdict | undefined> {
  const bytes = new Uint8Array(await sharp(emojiPng(name, 'twitter')).png().toBuffer());
  const report = await judgeImage({
    bytes,
    mediaType: 'image/png',
    request: { prompt },
    ...(options.modelId ? { source: { provider: 'tfjs', modelId: options.modelId } } : {}),
    checks: parsePrompt(prompt).checks,
    judges: [options.judge ?? alignment()],
  });
  return report.verdicts.find((v) => v.check.id === 'prompt');
}

describe('alignment judge (emoji dual encoder on onnxruntime-node)', () => {
  it('passes emoji art against its own name and fails it against another', async () => {
    for (const [name, own, other] of [
      ['RED APPLE', 'red apple', 'bicycle'],
      ['CAT FACE', 'cat face', 'rocket'],
      ['SUN WITH FACE', 'sun with face', 'pizza'],
    ] as const) {
      const right = (await verdict(name, own))!;
      const wrong = (await verdict(name, other))!;
      expect(right.judge).toBe('alignment');
      expect(right.verdict).not.toBe('fail');
      expect(wrong).toMatchObject({ verdict: 'fail', judge: 'alignment' });
      expect(right.evidence.z as number).toBeGreaterThan(wrong.evidence.z as number);
      expect(right.score).toBeGreaterThan(wrong.score);
    }
  });

  it("judges the emoji model's own outputs with their own calibration (auto), or as told", async () => {
    const generated = { calibration: 'generated', failZ: GENERATED_FAIL_Z, passZ: GENERATED_PASS_Z };
    const art = { calibration: 'art', failZ: 2.5, passZ: 3.5 };
    expect((await verdict('CAT FACE', 'rocket', { modelId: 'emoji' }))!.evidence).toMatchObject(generated);
    expect((await verdict('CAT FACE', 'rocket', { modelId: 'flux-1-schnell' }))!.evidence).toMatchObject(art);
    expect((await verdict('CAT FACE', 'rocket'))!.evidence).toMatchObject(art);
    const forced = alignment({ thresholds: 'generated' });
    expect((await verdict('CAT FACE', 'rocket', { judge: forced }))!.evidence).toMatchObject(generated);
    const custom = alignment({ failZ: 0.5 });
    expect(
      (await verdict('CAT FACE', 'rocket', { judge: custom, modelId: 'emoji' }))!.evidence,
    ).toMatchObject({
      failZ: 0.5,
      calibration: 'generated',
    });
    expect(() => alignment({ thresholds: 'photo' as never })).toThrow(/thresholds/);
  });

  it('is uncertain, with the reason, outside its domain: scenes of several objects, photographs, gradients', async () => {
    const multi = new Uint8Array(await scene(grid(['RED APPLE', 'BICYCLE', 'CAT FACE'])));
    const apple = await sharp(emojiPng('RED APPLE')).resize(200, 200).png().toBuffer();
    const onGradient = new Uint8Array(
      await sharp({
        create: { width: 512, height: 512, channels: 3, background: { r: 40, g: 90, b: 200 } },
      })
        .composite([
          {
            input: await sharp(
              Buffer.from(
                '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><defs><linearGradient id="g"><stop offset="0" stop-color="#123"/><stop offset="1" stop-color="#fd8"/></linearGradient></defs><rect width="512" height="512" fill="url(#g)"/></svg>',
              ),
            )
              .png()
              .toBuffer(),
          },
          { input: apple, left: 156, top: 156 },
        ])
        .png()
        .toBuffer(),
    );
    for (const [bytes, reason] of [
      [multi, /a scene of 3 separate objects/],
      [onGradient, /no plain background/],
    ] as const) {
      const report = await judgeImage({
        bytes,
        mediaType: 'image/png',
        request: { prompt: 'bicycle' },
        checks: parsePrompt('bicycle').checks,
        judges: [alignment()],
      });
      const v = report.verdicts.find((x) => x.check.id === 'prompt')!;
      expect(v).toMatchObject({ verdict: 'uncertain', evidence: { domain: ALIGNMENT_DOMAIN } });
      expect(String(v.evidence.reason)).toMatch(reason);
      // `outsideDomain: 'judge'` scores it anyway.
      const forced = await judgeImage({
        bytes,
        mediaType: 'image/png',
        request: { prompt: 'bicycle' },
        checks: parsePrompt('bicycle').checks,
        judges: [alignment({ outsideDomain: 'judge' })],
      });
      expect(forced.verdicts.find((x) => x.check.id === 'prompt')!.evidence.reason).toBeUndefined();
    }
    expect(() => alignment({ outsideDomain: 'always' as never })).toThrow(/outsideDomain/);
  });

  it('leaves the check unchecked when the prompt has no word the model knows', async () => {
    expect(await verdict('RED APPLE', 'zyzzyva qwxv')).toBeUndefined();
  });
});
