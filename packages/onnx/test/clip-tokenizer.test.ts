import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { ClipTokenizer } from '../src/sd/clip-tokenizer.js';

const fixtures = join(import.meta.dirname, 'fixtures');
interface Case {
  text: string;
  tokens: number;
  truncated: boolean;
  ids: number[];
}
const cases = JSON.parse(readFileSync(join(fixtures, 'tokenizer-cases.json'), 'utf8')) as {
  sd: Case[];
  sd2: Case[];
};

describe('CLIP BPE tokenizer', () => {
  // The expected ids come from the reference byte-level BPE in scripts/make-tiny-sd.py (CLIP's algorithm).
  it.each(cases.sd)('matches the reference for "$text" (pad <|endoftext|>)', (c) => {
    const tokenizer = ClipTokenizer.fromFolder(join(fixtures, 'tiny-sd', 'tokenizer'));
    const out = tokenizer.tokenize(c.text);
    expect([...out.ids]).toEqual(c.ids);
    expect(out.tokenCount).toBe(c.tokens);
    expect(out.truncated).toBe(c.truncated);
  });

  it.each(cases.sd2)('pads with the folder pad token "!" as SD 2.x does: "$text"', (c) => {
    const tokenizer = ClipTokenizer.fromFolder(join(fixtures, 'tiny-sd-fp16', 'tokenizer'));
    expect([...tokenizer.tokenize(c.text).ids]).toEqual(c.ids);
  });

  it('frames the window: start token, at most 75 tokens, end token, 77 ids', () => {
    const tokenizer = ClipTokenizer.fromFolder(join(fixtures, 'tiny-sd', 'tokenizer'));
    const long = tokenizer.tokenize('a cat '.repeat(100));
    expect(long.ids).toHaveLength(77);
    expect(long.ids[0]).toBe(tokenizer.bos);
    expect(long.ids[76]).toBe(tokenizer.eos);
    expect(long.truncated).toBe(true);
    expect(long.tokenCount).toBe(200);
    const empty = tokenizer.tokenize('   ');
    expect([...empty.ids.slice(0, 3)]).toEqual([tokenizer.bos, tokenizer.eos, tokenizer.pad]);
    expect(empty.tokenCount).toBe(0);
  });

  it('is case- and whitespace-insensitive, and keeps punctuation as tokens', () => {
    const tokenizer = ClipTokenizer.fromFolder(join(fixtures, 'tiny-sd', 'tokenizer'));
    expect(tokenizer.encode('A  Photo\tof a CAT')).toEqual(tokenizer.encode('a photo of a cat'));
    expect(tokenizer.encode('cat, cat').length).toBeGreaterThan(tokenizer.encode('cat cat').length);
  });

  it('a folder without vocab.json is a ModelLoadError', () => {
    expect(() => ClipTokenizer.fromFolder(join(fixtures, 'nowhere'))).toThrow(ModelLoadError);
  });
});
