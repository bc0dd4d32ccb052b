// @pictor/model-emoji's main entry inside real workerd (miniflare): bundled from source with
// esbuild, it normalises and encodes prompts exactly as in Node, and imports nothing Node-only.
import { fileURLToPath } from 'node:url';
import { encodePrompt, normalizePrompt } from '@pictor/model-emoji';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../support/bundle-worker.js';

let mf: Miniflare;
let nodeImports: string[] = [];

beforeAll(async () => {
  const bundle = await bundleWorker(
    fileURLToPath(new URL('./worker/emoji-worker.ts', import.meta.url)),
    'neutral',
  );
  nodeImports = bundle.nodeImports;
  mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.code }],
    compatibilityDate: '2026-04-01',
  });
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

async function ask(prompt: string) {
  const response = await mf.dispatchFetch(`http://worker/?prompt=${encodeURIComponent(prompt)}`);
  return (await response.json()) as {
    normalized: ReturnType<typeof normalizePrompt>;
    entries: [number, number][];
    suggestions: string[];
    card: { name: string; size: number; vocabulary: number };
    pixel: number[];
  };
}

describe('@pictor/model-emoji inside workerd', () => {
  it('bundles with no Node-only import (no externals allowed)', () => {
    expect(nodeImports).toEqual([]);
  });

  it('normalises and encodes prompts exactly as in Node', async () => {
    for (const prompt of [
      'Draw two red Apples, please!',
      'an elephant',
      'smiling face with heart-eyes',
      'cats and dogs',
    ]) {
      const answer = await ask(prompt);
      expect(answer.normalized).toEqual(normalizePrompt(prompt));
      const expected: [number, number][] = [];
      for (const [i, value] of encodePrompt(prompt).words.entries()) if (value) expected.push([i, value]);
      expect(answer.entries).toEqual(expected);
    }
  });

  it('has the card, the vocabulary, suggestions and the output conversion', async () => {
    const answer = await ask('elefant');
    expect(answer.card.size).toBe(32);
    expect(answer.card.vocabulary).toBeGreaterThan(1000);
    expect(answer.suggestions).toContain('elephant');
    expect(answer.pixel).toEqual([0, 128, 255]);
  });
});
