import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createPromptEncoder,
  editDistance,
  encodePrompt,
  imagesFromOutput,
  modelCard,
  nearestWords,
  normalizePrompt,
  suggestWords,
  type Vocabulary,
  vocabulary,
} from '../src/index.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('normalisation rules on a small vocabulary', () => {
  const tiny = createPromptEncoder(fixture('tiny-vocab.json') as Vocabulary);

  it('lowercases, tokenises on [a-z]+, drops stopwords and digits, dedupes', () => {
    expect(tiny.normalizePrompt('Draw THE red-Apple, 2 red apples!!')).toEqual({
      words: ['red', 'apple'],
      known: ['red', 'apple'],
      unknown: [],
    });
  });

  it('folds plurals: keep list first, then the irregular map, then the first matching rule with min_len', () => {
    expect(tiny.foldWord('glasses')).toBe('glasses');
    expect(tiny.foldWord('mice')).toBe('mouse');
    expect(tiny.foldWord('flies')).toBe('fly');
    expect(tiny.foldWord('cherries')).toBe('cherry');
    expect(tiny.foldWord('ties')).toBe('tie'); // "ies" needs 5 letters, so the "s" rule applies
    expect(tiny.foldWord('cats')).toBe('cat');
    expect(tiny.foldWord('bus')).toBe('bus'); // too short for the "s" rule
    expect(tiny.foldWord('glass')).toBe('glass'); // "ss" rule keeps it
  });

  it('reports unknown words and encodes 1/count at the known indices', () => {
    const encoded = tiny.encodePrompt('a red cat with zebras');
    expect(encoded.known).toEqual(['red', 'cat']);
    expect(encoded.unknown).toEqual(['with', 'zebra']);
    expect(Array.from(encoded.words)).toEqual([0, 0.5, 0.5, 0, 0, 0]);
    expect(Array.from(tiny.encodePrompt('the of').words)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('suggests near words, or the best-covered ones when nothing is near', () => {
    expect(tiny.nearestWords('aple')).toEqual(['apple']);
    expect(tiny.nearestWords('Cats')).toEqual(['cat']); // folded first, then compared
    expect(tiny.nearestWords('fase')).toEqual(['face']);
    expect(tiny.suggestWords(['aple', 'fase'])).toEqual(['apple', 'face']);
    expect(tiny.suggestWords(['qqqqqqqq'], 2)).toEqual(['face', 'apple']);
  });
});

describe('the shipped vocabulary', () => {
  it('matches the training code on 320 prompts (normalize() in train/common.py)', () => {
    const { cases, vocab_size } = fixture('normalize-cases.json') as {
      vocab_size: number;
      cases: { prompt: string; words: string[]; known: string[]; unknown: string[] }[];
    };
    expect(vocabulary.size).toBe(vocab_size);
    expect(cases.length).toBe(320);
    for (const { prompt, ...expected } of cases) expect(normalizePrompt(prompt), prompt).toEqual(expected);
  });

  it('encodes prompts exactly as the exported parity fixture (torch side) did', () => {
    const parity = JSON.parse(
      readFileSync(new URL('../train/parity_fixture.json', import.meta.url), 'utf8'),
    ) as { prompts: string[]; words: number[][] };
    parity.prompts.forEach((prompt, i) => {
      expect(Array.from(encodePrompt(prompt).words), prompt).toEqual(parity.words[i]!.map(Math.fround));
    });
  });

  it('is consistent with the model card', () => {
    expect(vocabulary.words.length).toBe(vocabulary.size);
    expect(new Set(vocabulary.words).size).toBe(vocabulary.size);
    expect(vocabulary.z_dim).toBe(modelCard.z_dim);
    expect(modelCard.image_size).toBe(32);
    expect(modelCard.inputs.words?.shape).toEqual(['N', 'V']);
  });

  it('suggests real words for misspellings', () => {
    expect(nearestWords('elefant')).toContain('elephant');
    expect(suggestWords(['aple'])).toContain('apple');
    expect(encodePrompt('xyzzy qwerty').known).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('imagesFromOutput', () => {
  it('maps NCHW [-1, 1] to interleaved RGB bytes with rounding and clamping', () => {
    // Two 1×1 images: (r, g, b) = (-1, 0, 1) and (-2, 0.5, 2).
    const data = Float32Array.of(-1, 0, 1, -2, 0.5, 2);
    const [first, second] = imagesFromOutput(data, { count: 2, size: 1 });
    expect(Array.from(first!)).toEqual([0, 128, 255]);
    expect(Array.from(second!)).toEqual([0, 191, 255]);
    expect(() => imagesFromOutput(data, { count: 1, size: 2 })).toThrow(RangeError);
  });

  it('interleaves channels per pixel, row-major', () => {
    // One 2×2 image: the R plane ramps, G is the reverse, B is constant.
    const r = [-1, -0.5, 0.5, 1];
    const g = [1, 0.5, -0.5, -1];
    const b = [0, 0, 0, 0];
    const [rgb] = imagesFromOutput(Float32Array.from([...r, ...g, ...b]), { count: 1, size: 2 });
    expect(Array.from(rgb!)).toEqual([0, 255, 128, 64, 191, 128, 191, 64, 128, 255, 0, 128]);
  });
});
