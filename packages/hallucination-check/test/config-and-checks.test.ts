import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImageClient, InvalidRequestError } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import {
  CheckListBuilder,
  type HallucinationAnnotation,
  middlewareFromConfig,
  refinePrompt,
  type TextStream,
  yesProbability,
} from '../src/index.js';
import { grid, scene } from './scenes.js';

const context = {
  env: {},
  field: 'middleware[0]',
  resolveProvider: () => Promise.reject(new Error('unused')),
};

describe('middlewareFromConfig', () => {
  it('builds the middleware from JSON options', async () => {
    const middleware = await middlewareFromConfig(
      {
        judges: ['degenerate', { name: 'objects', minScore: 0.4 }],
        policy: { type: 'reroll', maxAttempts: 2 },
      },
      context,
    );
    expect(middleware.name).toBe('hallucination-check');
    const tuned = await middlewareFromConfig(
      {
        judges: [
          { name: 'objects', naming: 'dual-encoder', minZ: 2.5 },
          { name: 'anatomy', minFaceScore: 0.5 },
        ],
      },
      context,
    );
    expect(tuned.name).toBe('hallucination-check');
    const badNaming = await Promise.resolve(
      middlewareFromConfig({ judges: [{ name: 'objects', naming: 'clip' }] }, context),
    ).catch((e: unknown) => e as InvalidRequestError);
    expect((badNaming as InvalidRequestError).field).toContain('middleware[0].judges[0]');
  });

  it('names the bad field', async () => {
    const bad = async (options: Record<string, unknown>) =>
      Promise.resolve(middlewareFromConfig(options, context)).catch((e: unknown) => e as InvalidRequestError);
    const unknownJudge = await bad({ judges: ['telepathy'] });
    expect(InvalidRequestError.isInstance(unknownJudge)).toBe(true);
    expect((unknownJudge as InvalidRequestError).field).toContain('middleware[0].judges[0]');
    expect(((await bad({ policy: { type: 'reroll', budgetMs: -1 } })) as InvalidRequestError).field).toBe(
      'middleware[0].policy.budgetMs',
    );
    expect(((await bad({ extra: true })) as InvalidRequestError).code).toBe('invalid_request');
    const missing = (await bad({
      judges: [{ name: 'near-duplicate', references: ['does-not-exist.png'] }],
    })) as InvalidRequestError;
    expect(missing.field).toBe('middleware[0].judges[0].references[0]');
  });
});

describe('near-duplicate from config: a reference store by path', () => {
  it('{ "name": "near-duplicate", "references": "refs" } flags a copy of a work in the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pictor-config-refs-'));
    try {
      const work = await scene(grid(['HOUSE BUILDING', 'DOG'], 96), { size: 96 });
      await mkdir(join(dir, 'refs'));
      await writeFile(join(dir, 'refs', 'house.png'), work);
      const middleware = await middlewareFromConfig(
        { judges: [{ name: 'near-duplicate', references: 'refs' }] },
        { ...context, cwd: dir },
      );
      const client = createImageClient({
        provider: mockProvider({ bytes: () => work }),
        middleware: [middleware],
      });
      const { images } = await client.generate({ prompt: 'a house', seed: 4 });
      const note = images[0]!.annotations['hallucination-check'] as HallucinationAnnotation;
      expect(note.verdicts.find((v) => v.check.id === 'originality')).toMatchObject({
        verdict: 'fail',
        evidence: { algorithm: 'pdq', nearest: [{ id: 'house.png', distance: 0 }] },
      });
      const field = async (references: string) =>
        (
          (await Promise.resolve(
            middlewareFromConfig(
              { judges: [{ name: 'near-duplicate', references }] },
              { ...context, cwd: dir },
            ),
          ).catch((e: unknown) => e)) as InvalidRequestError
        ).field;
      expect(await field('missing-folder')).toBe('middleware[0].judges[0].references');
      await writeFile(join(dir, 'bad.jsonl'), 'not json\n');
      expect(await field('bad.jsonl')).toBe('middleware[0].judges[0].references');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('check lists', () => {
  it('caches per prompt and falls back to the parser when the text model answers garbage', async () => {
    let calls = 0;
    const garbage: TextStream = async function* () {
      calls++;
      yield 'I think the picture should have ';
      yield 'an apple.';
    };
    const builder = new CheckListBuilder({ decompose: garbage, decomposeWhen: 'always' });
    const first = await builder.checksFor('an apple');
    const second = await builder.checksFor('an apple');
    expect(first.source).toBe('parser (llm failed)');
    expect(second).toBe(first);
    expect(calls).toBe(1);
    expect(first.checks.map((c) => c.id)).toEqual(['image', 'prompt', 'e1']);
  });

  it('asks the text model only for complex prompts by default', async () => {
    let calls = 0;
    const answer: TextStream = async function* () {
      calls++;
      yield '[{"id":"e1","kind":"entity","entity":"Dog","question":"Is there a dog?"}]';
    };
    const builder = new CheckListBuilder({ decompose: answer });
    expect((await builder.checksFor('a dog')).source).toBe('parser');
    const complex = await builder.checksFor('a dog chasing its own tail');
    expect(complex.source).toBe('llm');
    expect(complex.checks.find((c) => c.id === 'e1')?.entity).toBe('dog');
    expect(calls).toBe(1);
  });
});

describe('helpers', () => {
  it('refinePrompt stresses what failed; yesProbability reads probabilities or words', () => {
    const check = { id: 'c1', kind: 'count' as const, entity: 'apple', count: 2, question: '' };
    expect(refinePrompt('two apples', [{ check, verdict: 'fail', score: 0, judge: 'x', evidence: {} }])).toBe(
      'two apples, exactly 2 apple',
    );
    expect(yesProbability({ answer: 'Yes, it does.' })).toBe(1);
    expect(yesProbability({ answer: 'no' })).toBe(0);
    expect(yesProbability({ answer: 'maybe' })).toBe(0.5);
    expect(yesProbability({ answer: 'no', yesProbability: 0.3 })).toBe(0.3);
  });
});
