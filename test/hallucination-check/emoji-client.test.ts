// The whole middleware through createImageClient with the embedded emoji model on @pictor/tfjs.
import { createImageClient, createImageClientFromConfig, type ProgressEvent } from '@pictor/core';
import {
  alignment,
  degenerate,
  type HallucinationAnnotation,
  hallucinationCheck,
  nearDuplicate,
} from '@pictor/hallucination-check';
import { createTfjs } from '@pictor/tfjs';
import { afterAll, describe, expect, it } from 'vitest';

const provider = createTfjs({ backend: 'wasm' })('emoji');
afterAll(() => provider.dispose?.());
const annotation = (image: { annotations: Record<string, unknown> }) =>
  image.annotations['hallucination-check'] as HallucinationAnnotation;

describe('hallucination-check on the emoji model (tfjs)', () => {
  it('annotates each image with degenerate and alignment verdicts and reports progress', async () => {
    const events: ProgressEvent[] = [];
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ judges: [degenerate(), alignment()] })],
    });
    const { images } = await client.generate(
      { prompt: 'a red apple', seed: 5, n: 2 },
      { onProgress: (e) => events.push(e) },
    );
    expect(images).toHaveLength(2);
    for (const image of images) {
      const note = annotation(image);
      expect(note.verdicts.find((v) => v.check.id === 'image')).toMatchObject({
        verdict: 'pass',
        judge: 'degenerate',
      });
      const align = note.verdicts.find((v) => v.check.id === 'prompt')!;
      expect(align.judge).toBe('alignment');
      // The image came from the emoji model itself: the judge uses the calibration for its outputs.
      expect(align.evidence).toMatchObject({
        knownWords: expect.arrayContaining(['apple']),
        calibration: 'generated',
      });
      expect(typeof align.evidence.z).toBe('number');
    }
    expect(events.filter((e) => e.type === 'checking').map((e) => (e as { detail: string }).detail)).toEqual([
      'degenerate',
      'alignment',
      'degenerate',
      'alignment',
    ]);
  });

  it('rerolls with new seeds until the alignment judge passes (or the attempts run out)', async () => {
    // A strict threshold makes some seeds fail, so the policy has work to do.
    const client = createImageClient({
      provider,
      middleware: [
        hallucinationCheck({
          judges: [alignment({ passZ: 2, failZ: 2 })],
          policy: { type: 'reroll', maxAttempts: 6, budgetMs: 20_000 },
        }),
      ],
    });
    const result = await client.generate({ prompt: 'a cat face', seed: 1 });
    const note = annotation(result.images[0]!);
    expect(note.attempts).toBeGreaterThanOrEqual(1);
    expect(note.attempts).toBeLessThanOrEqual(7);
    if (note.passed)
      expect((note.verdicts.find((v) => v.check.id === 'prompt')!.evidence.z as number) >= 2).toBe(true);
    else expect(note.attempts).toBe(7);
    expect(result.images[0]!.seed).toBeDefined();
  });

  it('flags an emoji-model image as a near-duplicate of itself in a reference set', async () => {
    const first = await createImageClient({ provider }).generate({ prompt: 'a sun', seed: 9 });
    const client = createImageClient({
      provider,
      middleware: [
        hallucinationCheck({
          judges: [nearDuplicate({ references: [{ id: 'sun-9', bytes: first.images[0]!.bytes }] })],
        }),
      ],
    });
    const again = await client.generate({ prompt: 'a sun', seed: 9 });
    expect(annotation(again.images[0]!).verdicts.find((v) => v.check.id === 'originality')).toMatchObject({
      verdict: 'fail',
      evidence: { nearest: [{ id: 'sun-9', distance: 0 }] },
    });
  });

  it('loads from config through the registry (middlewareFromConfig)', async () => {
    const importModule = (name: string) =>
      import(/* @vite-ignore */ name) as Promise<Record<string, unknown>>;
    const client = await createImageClientFromConfig(
      {
        provider: 'tfjs:emoji?backend=wasm',
        middleware: [
          {
            use: 'hallucination-check',
            judges: ['degenerate', { name: 'alignment', passZ: 1 }],
            policy: { type: 'reroll', maxAttempts: 2 },
          },
        ],
      },
      { importModule, env: {} },
    );
    const { images } = await client.generate({ prompt: 'a red apple', seed: 2 });
    expect(annotation(images[0]!).verdicts.map((v) => v.judge)).toEqual(
      expect.arrayContaining(['degenerate', 'alignment']),
    );
    await expect(
      createImageClientFromConfig(
        { middleware: [{ use: 'hallucination-check', policy: { type: 'reroll', maxAttempts: 0 } }] },
        { importModule, env: {} },
      ),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      field: expect.stringContaining('policy.maxAttempts'),
    });
    await client.dispose?.();
  });
});
