import {
  AbortError,
  createImageClient,
  encodePng,
  HallucinationCheckError,
  type ProgressEvent,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { type HallucinationAnnotation, hallucinationCheck, type Judge } from '../src/index.js';

const blank = await encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4).fill(128) });

const real = (await mockProvider().generate({ prompt: 'two red apples', seed: 1, width: 64, height: 64 }, {}))
  .images[0]!.bytes;

/** A provider whose even seeds (and unseeded calls) give a blank image, odd seeds a real gradient. */
function flaky() {
  return mockProvider({
    bytes: (request, index) => (((request.seed ?? 0) + index) % 2 === 0 ? blank : real),
  });
}

const annotation = (image: { annotations: Record<string, unknown> }) =>
  image.annotations['hallucination-check'] as HallucinationAnnotation;

describe('hallucinationCheck policies', () => {
  it('annotate: records verdicts, emits progress per judge, keeps the image', async () => {
    const events: ProgressEvent[] = [];
    const client = createImageClient({ provider: mockProvider(), middleware: [hallucinationCheck()] });
    const { images, timings } = await client.generate(
      { prompt: 'two red apples', seed: 1 },
      { onProgress: (e) => events.push(e) },
    );
    const note = annotation(images[0]!);
    expect(note.passed).toBe(true);
    expect(note.verdicts.map((v) => [v.check.id, v.verdict, v.judge])).toEqual([
      ['image', 'pass', 'degenerate'],
    ]);
    expect(note.unchecked.map((c) => c.id)).toEqual(['prompt', 'e1', 'c1', 'a1']);
    expect(note.attempts).toBe(1);
    expect(events).toContainEqual({
      type: 'checking',
      middleware: 'hallucination-check',
      detail: 'degenerate',
    });
    expect(timings.hallucinationCheckMs).toBeGreaterThan(0);
  });

  it('checks edits too (img2img), against the edit prompt', async () => {
    const client = createImageClient({
      provider: mockProvider({ bytes: blank }),
      middleware: [hallucinationCheck({ policy: { type: 'reject' } })],
    });
    const edit = client.edit({ mode: 'img2img', prompt: 'a cat', image: real });
    await expect(edit).rejects.toSatisfy((e: unknown) => HallucinationCheckError.isInstance(e));
    const ok = createImageClient({
      provider: mockProvider({ bytes: real }),
      middleware: [hallucinationCheck()],
    });
    const { images } = await ok.edit({ mode: 'img2img', prompt: 'a cat', image: real });
    expect(annotation(images[0]!)).toMatchObject({ passed: true, prompt: 'a cat' });
  });

  it('a truncated provider output is a failing image check: reroll tries new seeds, no InvalidResponseError', async () => {
    const truncated = real.slice(0, 40);
    const seeds: (number | undefined)[] = [];
    const provider = mockProvider({
      bytes: (request) => {
        seeds.push(request.seed);
        return seeds.length < 3 ? truncated : real;
      },
    });
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 3 } })],
    });
    const { images } = await client.generate({ prompt: 'two red apples', seed: 5 });
    expect(annotation(images[0]!)).toMatchObject({ passed: true, attempts: 3 });
    expect(new Set(seeds).size).toBe(3);
    // Out of attempts (or with annotate): a HallucinationCheckError whose image verdict gives the reason.
    for (const policy of [{ type: 'reroll', maxAttempts: 2 } as const, { type: 'annotate' } as const]) {
      const broken = createImageClient({
        provider: mockProvider({ bytes: truncated }),
        middleware: [hallucinationCheck({ policy })],
      });
      const error = await broken.generate({ prompt: 'a cat' }).catch((e: unknown) => e);
      expect(HallucinationCheckError.isInstance(error)).toBe(true);
      expect((error as HallucinationCheckError).verdicts).toEqual([
        expect.objectContaining({
          check: expect.objectContaining({ id: 'image' }),
          verdict: 'fail',
          evidence: expect.objectContaining({ reason: expect.stringMatching(/not a readable image/) }),
        }),
      ]);
    }
  });

  it('reject: throws HallucinationCheckError carrying the verdicts', async () => {
    const client = createImageClient({
      provider: mockProvider({ bytes: blank }),
      middleware: [hallucinationCheck({ policy: { type: 'reject' } })],
    });
    const error = await client.generate({ prompt: 'a cat' }).catch((e: unknown) => e);
    expect(HallucinationCheckError.isInstance(error)).toBe(true);
    const verdicts = (error as HallucinationCheckError).verdicts as {
      check: { id: string };
      verdict: string;
      evidence: { reason: string };
    }[];
    expect(verdicts).toContainEqual(
      expect.objectContaining({
        check: expect.objectContaining({ id: 'image' }),
        verdict: 'fail',
        evidence: expect.objectContaining({ reason: 'blank or uniform' }),
      }),
    );
    expect((error as Error).message).toContain('image (Is the image a real picture');
  });

  it('reroll: tries new seeds until one passes, and says how many attempts it took', async () => {
    const provider = flaky();
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 5 } })],
    });
    const { images } = await client.generate({ prompt: 'a cat', seed: 2 });
    const note = annotation(images[0]!);
    expect(note.passed).toBe(true);
    expect(note.attempts).toBeGreaterThan(1);
    const seeds = provider.calls.map((c) => c.request.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(seeds[seeds.length - 1]! % 2).toBe(1);
    expect(images[0]!.seed).toBe(seeds[seeds.length - 1]);
  });

  it('reroll: with n = 2, regenerates only the failing image', async () => {
    const provider = flaky();
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 6 } })],
    });
    const { images } = await client.generate({ prompt: 'a cat', seed: 2, n: 2 });
    expect(images.map((image) => annotation(image).passed)).toEqual([true, true]);
    expect(annotation(images[1]!).attempts).toBe(1);
    expect(images[1]!.seed).toBe(3);
    expect(annotation(images[0]!).attempts).toBeGreaterThan(1);
    expect(provider.calls.slice(1).every((call) => call.request.n === 1)).toBe(true);
  });

  it('reroll: stops at maxAttempts, keeps the image annotated, warns; onExhausted reject throws', async () => {
    const provider = mockProvider({ bytes: blank });
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 2 } })],
    });
    const result = await client.generate({ prompt: 'a cat', seed: 1 });
    expect(provider.calls).toHaveLength(3);
    expect(annotation(result.images[0]!)).toMatchObject({ passed: false, attempts: 3 });
    expect(result.warnings.some((w) => w.type === 'other' && w.source === 'hallucination-check')).toBe(true);
    const strict = createImageClient({
      provider: mockProvider({ bytes: blank }),
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 1, onExhausted: 'reject' } })],
    });
    await expect(strict.generate({ prompt: 'a cat' })).rejects.toSatisfy((e: unknown) =>
      HallucinationCheckError.isInstance(e),
    );
  });

  it('reroll: respects the time budget (cuts a running attempt at the budget)', async () => {
    const provider = mockProvider({ bytes: blank, latencyMs: 150 });
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ policy: { type: 'reroll', maxAttempts: 50, budgetMs: 400 } })],
    });
    const start = performance.now();
    const result = await client.generate({ prompt: 'a cat', seed: 1 });
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(1000);
    expect(provider.calls.length).toBeLessThanOrEqual(4);
    expect(result.warnings.some((w) => w.type === 'other' && /budget/.test(w.message))).toBe(true);
    expect(annotation(result.images[0]!).passed).toBe(false);
  });

  it('refine: rewrites the prompt from the failed checks and judges against the original prompt', async () => {
    const seen: string[] = [];
    // A judge that fails the count unless the prompt it was generated from says "exactly".
    const counting: Judge = {
      name: 'counting',
      tier: 1,
      async judge(input) {
        const check = input.checks.find((c) => c.kind === 'count');
        return check
          ? [
              {
                check,
                verdict: input.image?.data[0] === 128 ? 'fail' : 'pass',
                score: 0,
                judge: 'counting',
                evidence: {},
              },
            ]
          : [];
      },
    };
    const provider = mockProvider({
      bytes: (request) => {
        seen.push(request.prompt);
        return request.prompt.includes('exactly 2 apple') ? real : blank;
      },
    });
    const client = createImageClient({
      provider,
      middleware: [hallucinationCheck({ judges: [counting], policy: { type: 'refine', maxAttempts: 2 } })],
    });
    const { images } = await client.generate({ prompt: 'two apples' });
    expect(seen[0]).toBe('two apples');
    expect(seen[1]).toContain('exactly 2 apple');
    const note = annotation(images[0]!);
    expect(note.passed).toBe(true);
    expect(note.prompt).toContain('exactly 2 apple');
    expect(note.verdicts.find((v) => v.check.kind === 'count')?.check.question).toBe(
      'Are there exactly two apples?',
    );
  });

  it('abort: stops the judges and rejects with AbortError', async () => {
    const controller = new AbortController();
    const slow: Judge = {
      name: 'slow',
      tier: 1,
      async judge(input) {
        controller.abort();
        await new Promise((r) => setTimeout(r, 20));
        return input.checks
          .filter((c) => c.kind === 'prompt')
          .map((check) => ({ check, verdict: 'pass' as const, score: 1, judge: 'slow', evidence: {} }));
      },
    };
    const after: Judge = {
      name: 'after',
      tier: 2,
      judge: async () => {
        throw new Error('must not run');
      },
    };
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [hallucinationCheck({ judges: [slow, after] })],
    });
    await expect(client.generate({ prompt: 'a cat' }, { signal: controller.signal })).rejects.toSatisfy(
      (e: unknown) => AbortError.isInstance(e),
    );
  });

  it('tiers: a stronger judge may overturn a heuristic judge, and the children follow', async () => {
    const hunch: Judge = {
      name: 'hunch',
      tier: 1,
      heuristic: true,
      async judge(input) {
        return input.checks
          .filter((c) => c.id === 'e1')
          .map((check) => ({ check, verdict: 'fail' as const, score: 0.2, judge: 'hunch', evidence: {} }));
      },
    };
    const asked: string[] = [];
    const oracle: Judge = {
      name: 'oracle',
      tier: 2,
      async judge(input) {
        asked.push(...input.checks.map((c) => c.id));
        return input.checks
          .filter((c) => c.id !== 'prompt')
          .map((check) => ({ check, verdict: 'pass' as const, score: 0.9, judge: 'oracle', evidence: {} }));
      },
    };
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [hallucinationCheck({ judges: [hunch, oracle] })],
    });
    const { images } = await client.generate({ prompt: 'two apples', seed: 1 });
    expect(asked).toEqual(['prompt', 'e1', 'c1']);
    const note = annotation(images[0]!);
    expect(note.verdicts.map((v) => [v.check.id, v.verdict, v.judge])).toEqual([
      ['image', 'pass', 'degenerate'],
      ['e1', 'pass', 'oracle'],
      ['c1', 'pass', 'oracle'],
    ]);
    expect(note.passed).toBe(true);
  });

  it('tiers: a later tier only sees checks still open or uncertain; failed parents fail their children', async () => {
    const seenByLate: string[] = [];
    const early: Judge = {
      name: 'early',
      tier: 1,
      async judge(input) {
        return input.checks
          .filter((c) => c.id === 'e1' || c.id === 'e2')
          .map((check) => ({
            check,
            verdict: check.id === 'e1' ? ('fail' as const) : ('uncertain' as const),
            score: 0,
            judge: 'early',
            evidence: {},
          }));
      },
    };
    const late: Judge = {
      name: 'late',
      tier: 2,
      async judge(input) {
        seenByLate.push(...input.checks.map((c) => c.id));
        return input.checks
          .filter((c) => c.id === 'e2')
          .map((check) => ({ check, verdict: 'pass' as const, score: 1, judge: 'late', evidence: {} }));
      },
    };
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [hallucinationCheck({ judges: [late, early] })],
    });
    const { images } = await client.generate({ prompt: 'two red apples on a table' });
    expect(seenByLate).toEqual(['prompt', 'e2']);
    const note = annotation(images[0]!);
    const byId = Object.fromEntries(note.verdicts.map((v) => [v.check.id, v]));
    expect(byId.e2).toMatchObject({ verdict: 'pass', judge: 'late' });
    expect(byId.c1).toMatchObject({ verdict: 'fail', evidence: { reason: expect.stringContaining('e1') } });
    expect(byId.r1?.verdict).toBe('fail');
    expect(note.passed).toBe(false);
  });
});
