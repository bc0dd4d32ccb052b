// The vlm judge and LLM decomposition against the fake Workers AI server (real HTTP on 127.0.0.1),
// through the real @pictor/workers-ai adapter, injected as plain functions.
import {
  createImageClient,
  createImageClientFromConfig,
  HallucinationCheckError,
  registerProvider,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import {
  anatomy,
  type HallucinationAnnotation,
  hallucinationCheck,
  type TextStream,
  vlm,
} from '@pictor/hallucination-check';
import { createWorkersAI } from '@pictor/workers-ai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWorkersAI, startFakeWorkersAI } from '../fake-workers-ai/index.js';

let fake: FakeWorkersAI;
const decomposition = JSON.stringify([
  { id: 'e1', kind: 'entity', entity: 'apple', question: 'Is there an apple?' },
  {
    id: 'a1',
    kind: 'attribute',
    entity: 'apple',
    attribute: 'red',
    question: 'Is the apple red?',
    dependsOn: ['e1'],
  },
  {
    id: 'r1',
    kind: 'relation',
    entity: 'apple',
    relation: { predicate: 'on', object: 'plate' },
    question: 'Is the apple balanced on a plate?',
    dependsOn: ['e1', 'e9'],
  },
]);

beforeAll(async () => {
  fake = await startFakeWorkersAI({
    // The fake's judge: apples and five-fingered hands are there; counts of two and plates are not.
    judge: ({ question }) => ({
      yesProbability: /two|plate|banana/i.test(question)
        ? 0.08
        : /apple|five fingers|show/i.test(question)
          ? 0.93
          : 0.5,
    }),
    textReply: () => `Here are the checks:\n${decomposition}`,
  });
});
afterAll(() => fake.close());

const annotation = (image: { annotations: Record<string, unknown> }) =>
  image.annotations['hallucination-check'] as HallucinationAnnotation;

describe('vlm judge through @pictor/workers-ai on the fake server', () => {
  it('asks one VQAScore-style question per open check and keeps P(yes) as evidence', async () => {
    const workers = createWorkersAI(fake.settings);
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [hallucinationCheck({ judges: [vlm({ ask: workers.judge('@cf/cloudflare/clef') })] })],
    });
    const before = fake.requests.length;
    const { images } = await client.generate({ prompt: 'a red apple', seed: 1 });
    const note = annotation(images[0]!);
    const vlmVerdicts = note.verdicts.filter((v) => v.judge === 'vlm');
    expect(vlmVerdicts.map((v) => v.check.id).sort()).toEqual(['a1', 'e1', 'prompt']);
    for (const v of vlmVerdicts)
      expect(v).toMatchObject({ verdict: 'pass', score: 0.93, evidence: { yesProbability: 0.93 } });
    expect(vlmVerdicts.find((v) => v.check.id === 'prompt')?.evidence.question).toBe(
      'Does this figure show "a red apple"? Please answer yes or no.',
    );
    const asked = fake.requests.slice(before);
    expect(asked).toHaveLength(3);
    expect(asked.every((r) => r.model === '@cf/cloudflare/clef')).toBe(true);
    expect(note.passed).toBe(true);
  });

  it('reject carries the failing VLM verdict; a server error leaves checks uncertain without leaking the token', async () => {
    const workers = createWorkersAI(fake.settings);
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [
        hallucinationCheck({ judges: [vlm({ ask: workers.judge() })], policy: { type: 'reject' } }),
      ],
    });
    const error = (await client
      .generate({ prompt: 'two apples', seed: 1 })
      .catch((e: unknown) => e)) as HallucinationCheckError;
    expect(HallucinationCheckError.isInstance(error)).toBe(true);
    expect(error.verdicts).toContainEqual(
      expect.objectContaining({
        judge: 'vlm',
        verdict: 'fail',
        check: expect.objectContaining({ id: 'c1' }),
      }),
    );

    fake.setBehaviour({ type: 'error', status: 500, code: 3043, message: 'internal error' }, { times: 10 });
    const lenient = createImageClient({
      provider: mockProvider(),
      middleware: [hallucinationCheck({ judges: [vlm({ ask: workers.judge() })] })],
    });
    const { images } = await lenient.generate({ prompt: 'an apple', seed: 1 });
    fake.setBehaviour(null);
    const verdict = annotation(images[0]!).verdicts.find((v) => v.check.id === 'e1')!;
    expect(verdict.verdict).toBe('uncertain');
    expect(String(verdict.evidence.error)).not.toContain(fake.token);
    expect(String(verdict.evidence.error).length).toBeGreaterThan(0);
  });

  it('asks about each hand crop the anatomy judge found', async () => {
    const workers = createWorkersAI(fake.settings);
    const { grid, scene } = await import('../../packages/hallucination-check/test/scenes.js');
    const hands = await scene(grid(['HAND WITH FINGERS SPLAYED', 'RAISED HAND']));
    const client = createImageClient({
      provider: mockProvider({ bytes: hands, capabilities: { defaultSize: { width: 512, height: 512 } } }),
      middleware: [
        hallucinationCheck({ judges: [anatomy({ minLandmarkScore: 1.01 }), vlm({ ask: workers.judge() })] }),
      ],
    });
    const before = fake.requests.length;
    const { images } = await client.generate({ prompt: 'a hand' });
    const hand = annotation(images[0]!).verdicts.find((v) => v.check.anatomy === 'hands')!;
    expect(hand).toMatchObject({
      judge: 'vlm',
      verdict: 'pass',
      evidence: { question: expect.stringContaining('five fingers') },
    });
    const answers = hand.evidence.answers as { box: { width: number } }[];
    expect(answers.length).toBeGreaterThanOrEqual(1);
    const sent = fake.requests
      .slice(before)
      .filter((r) => JSON.stringify(r.json ?? {}).includes('five fingers'));
    expect(sent.length).toBe(answers.length);
    // The crop, not the whole picture, went to the model.
    expect(answers[0]!.box.width).toBeLessThan(512);
    expect((await sharp(hands).metadata()).width).toBe(512);
  });
});

describe('vlm judge from a config file, resolved through core (no adapter import in the middleware)', () => {
  const config = () => ({
    provider: 'mock-for-vlm:any',
    middleware: [
      {
        use: 'hallucination-check',
        judges: [
          'degenerate',
          {
            vlm: {
              provider: {
                id: 'workers-ai',
                model: '@cf/meta/llama-3.2-11b-vision-instruct',
                settings: {
                  accountId: fake.settings.accountId,
                  apiToken: { env: 'FAKE_TOKEN' },
                  baseURL: fake.settings.baseURL,
                },
              },
            },
          },
        ],
      },
    ],
  });
  registerProvider({ id: 'mock-for-vlm', create: () => mockProvider() });
  const env = { FAKE_TOKEN: '' };

  it('asks llama-3.2 vision in dependency order, parses its answers strictly, records calls and latency', async () => {
    env.FAKE_TOKEN = fake.settings.apiToken;
    const client = await createImageClientFromConfig(config(), { env });
    const before = fake.requests.length;
    const { images } = await client.generate({ prompt: 'two red apples', seed: 1 });
    const note = annotation(images[0]!);
    const byId = Object.fromEntries(note.verdicts.map((v) => [v.check.id, v]));
    // The fake says yes to apples and no to "two".
    expect(byId.e1).toMatchObject({
      judge: 'vlm',
      verdict: 'pass',
      evidence: { answer: expect.stringMatching(/^Yes/) },
    });
    expect(byId.c1).toMatchObject({ judge: 'vlm', verdict: 'fail' });
    expect(byId.a1).toMatchObject({ judge: 'vlm', verdict: 'pass' });
    for (const id of ['e1', 'c1', 'a1', 'prompt']) {
      expect(byId[id]!.evidence.calls).toBe(1);
      expect(byId[id]!.evidence.latencyMs).toBeGreaterThanOrEqual(0);
    }
    const asked = fake.requests
      .slice(before)
      .filter((r) => r.model === '@cf/meta/llama-3.2-11b-vision-instruct');
    expect(asked.length).toBeGreaterThanOrEqual(4);
    expect(note.passed).toBe(false);
  });

  it('does not ask about children of a failed parent (DSG): they fail with no call', async () => {
    env.FAKE_TOKEN = fake.settings.apiToken;
    const client = await createImageClientFromConfig(config(), { env });
    const before = fake.requests.length;
    const { images } = await client.generate({ prompt: 'a yellow banana', seed: 1 });
    const note = annotation(images[0]!);
    const child = note.verdicts.find((v) => v.check.id === 'a1')!;
    expect(child).toMatchObject({ verdict: 'fail', evidence: { calls: 0 } });
    expect(String(child.evidence.reason)).toMatch(/depends on a failed check \(e1/);
    const questions = fake.requests
      .slice(before)
      .filter((r) => r.model === '@cf/meta/llama-3.2-11b-vision-instruct')
      .map((r) => String((r.json as { prompt?: string } | undefined)?.prompt ?? ''));
    expect(questions.some((q) => /Is the banana yellow/.test(q))).toBe(false);
    expect(questions.some((q) => /Is there a banana/.test(q))).toBe(true);
  });

  it('a bad vlm spec is an InvalidRequestError naming the field, before any call', async () => {
    await expect(
      createImageClientFromConfig(
        {
          provider: 'mock-for-vlm:any',
          middleware: [{ use: 'hallucination-check', judges: [{ vlm: { provider: 'nope:x' } }] }],
        },
        { env },
      ),
    ).rejects.toThrow(/middleware\[0\]\.judges\[0\]\.vlm\.provider/);
  });
});

describe('LLM decomposition streamed from a Workers AI text model', () => {
  it('uses the streamed check list (cached per prompt) and drops dependencies on unknown ids', async () => {
    const workers = createWorkersAI(fake.settings);
    const text = workers.text('@cf/meta/llama-3.1-8b-instruct');
    const decompose: TextStream = async function* ({ prompt, system, signal }) {
      for await (const event of text.stream(
        {
          messages: [
            ...(system ? [{ role: 'system' as const, content: system }] : []),
            { role: 'user', content: prompt },
          ],
        },
        signal ? { signal } : {},
      )) {
        if (event.type === 'delta') yield event.text;
      }
    };
    const client = createImageClient({
      provider: mockProvider(),
      middleware: [
        hallucinationCheck({ decompose, decomposeWhen: 'always', judges: [vlm({ ask: workers.judge() })] }),
      ],
    });
    const before = fake.requests.length;
    const first = await client.generate({ prompt: 'an apple balanced on a plate', seed: 1 });
    await client.generate({ prompt: 'an apple balanced on a plate', seed: 2 });
    const textCalls = fake.requests.slice(before).filter((r) => r.model === '@cf/meta/llama-3.1-8b-instruct');
    expect(textCalls).toHaveLength(1);
    const note = annotation(first.images[0]!);
    expect(note.checksFrom).toBe('llm');
    const ids = note.verdicts.map((v) => v.check.id);
    expect(ids).toEqual(expect.arrayContaining(['image', 'prompt', 'e1', 'a1', 'r1']));
    expect(note.verdicts.find((v) => v.check.id === 'r1')?.check.dependsOn).toEqual(['e1']);
    expect(note.verdicts.find((v) => v.check.id === 'r1')?.verdict).toBe('fail');
  });
});
