import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../src/index.js';

const summary = (prompt: string) =>
  parsePrompt(prompt).checks.map((c) => [
    c.id,
    c.kind,
    c.entity,
    c.count ?? c.attribute ?? c.relation?.predicate ?? c.anatomy,
  ]);

describe('parsePrompt', () => {
  it('turns counts, colours and relations into dependent checks', () => {
    const { checks, leftover } = parsePrompt('two red apples on a table');
    expect(leftover).toEqual([]);
    expect(summary('two red apples on a table')).toEqual([
      ['image', 'image', undefined, undefined],
      ['prompt', 'prompt', undefined, undefined],
      ['e1', 'entity', 'apple', undefined],
      ['c1', 'count', 'apple', 2],
      ['a1', 'attribute', 'apple', 'red'],
      ['e2', 'entity', 'table', undefined],
      ['r1', 'relation', 'apple', 'on'],
    ]);
    expect(checks.find((c) => c.id === 'c1')?.question).toBe('Are there exactly two apples?');
    expect(checks.find((c) => c.id === 'r1')?.dependsOn).toEqual(['e1', 'e2']);
    expect(checks.find((c) => c.id === 'a1')?.dependsOn).toEqual(['e1']);
  });

  it('counts "one X" and "a single X", but not a bare article', () => {
    expect(summary('one apple').filter(([, kind]) => kind === 'count')).toEqual([
      ['c1', 'count', 'apple', 1],
    ]);
    expect(parsePrompt('a single cat').checks.find((c) => c.kind === 'count')).toMatchObject({
      count: 1,
      question: 'Is there exactly one cat?',
      dependsOn: ['e1'],
    });
    expect(parsePrompt('an apple').checks.some((c) => c.kind === 'count')).toBe(false);
  });

  it('drops framing nouns and adds anatomy checks for people', () => {
    expect(summary('a portrait of a woman')).toEqual([
      ['image', 'image', undefined, undefined],
      ['prompt', 'prompt', undefined, undefined],
      ['e1', 'entity', 'woman', undefined],
      ['h1', 'anatomy', 'face', 1],
      ['h2', 'anatomy', 'hand', 'hands'],
    ]);
    const three = parsePrompt('three people holding umbrellas').checks;
    expect(three.find((c) => c.id === 'h1')).toMatchObject({
      count: 3,
      question: 'Are there exactly three faces?',
    });
    expect(three.find((c) => c.kind === 'count')).toMatchObject({ entity: 'person', count: 3 });
  });

  it('keeps compound nouns, ignores style clauses and reports words outside the grammar', () => {
    const parsed = parsePrompt('a photo of a teddy bear sitting next to a red car, in the style of Van Gogh');
    expect(parsed.checks.filter((c) => c.kind === 'entity').map((c) => c.entity)).toEqual([
      'teddy bear',
      'car',
    ]);
    expect(parsed.checks.find((c) => c.kind === 'relation')).toMatchObject({
      entity: 'teddy bear',
      relation: { predicate: 'next to', object: 'car' },
    });
    expect(parsed.leftover).toEqual(['sitting']);
    expect(parsed.checks.some((c) => c.entity === 'gogh')).toBe(false);
  });

  it('reads digits, irregular plurals and left/right relations', () => {
    const checks = parsePrompt('5 mice to the left of two geese').checks;
    expect(checks.filter((c) => c.kind === 'count').map((c) => [c.entity, c.count])).toEqual([
      ['mouse', 5],
      ['goose', 2],
    ]);
    expect(checks.find((c) => c.kind === 'relation')?.relation).toEqual({
      predicate: 'left of',
      object: 'goose',
    });
  });

  it('always has the image and prompt checks, even for an empty-ish prompt', () => {
    expect(parsePrompt('   ').checks.map((c) => c.id)).toEqual(['image', 'prompt']);
  });
});
