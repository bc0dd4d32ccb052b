import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { alignment, judgeImage, parsePrompt, type Verdict } from '../src/index.js';
import { emojiPng } from './scenes.js';

async function verdict(name: string, prompt: string): Promise<Verdict | undefined> {
  const bytes = new Uint8Array(await sharp(emojiPng(name, 'twitter')).png().toBuffer());
  const report = await judgeImage({
    bytes,
    mediaType: 'image/png',
    request: { prompt },
    checks: parsePrompt(prompt).checks,
    judges: [alignment()],
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

  it('leaves the check unchecked when the prompt has no word the model knows', async () => {
    expect(await verdict('RED APPLE', 'zyzzyva qwxv')).toBeUndefined();
  });
});
