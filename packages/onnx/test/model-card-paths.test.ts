import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelCard } from '../src/generator/model-card.js';
import { fixtures } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'pictor-card-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the tiny generator whose card says `vocabulary: path` (and optionally another graph path). */
function cardWith(name: string, vocabulary: string, graph?: string): string {
  const folder = join(work, name);
  cpSync(join(fixtures, 'tiny-generator'), folder, { recursive: true });
  const card = JSON.parse(readFileSync(join(folder, 'model-card.json'), 'utf8'));
  card.vocabulary = vocabulary;
  if (graph) card.weights.onnx.generator = graph;
  writeFileSync(join(folder, 'model-card.json'), JSON.stringify(card));
  return folder;
}

function refusal(folder: string): Error {
  try {
    readModelCard(folder);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the card was accepted');
}

describe('model card paths', () => {
  it('stay inside the model folder: .., absolute paths and links out are refused, naming the field', () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['../../../etc/passwd', undefined, /vocabulary points outside the model folder/],
      ['/etc/passwd', undefined, /vocabulary must be relative/],
      ['weights/../../x.json', undefined, /vocabulary points outside/],
      ['weights/vocab.json', '../../../../etc/passwd', /weights\.onnx\.generator points outside/],
    ];
    for (const [i, [vocabulary, graph, pattern]] of cases.entries()) {
      const error = refusal(cardWith(`case-${i}`, vocabulary, graph));
      expect(ModelLoadError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain('root:');
    }
    const linked = cardWith('linked', 'weights/vocab.json');
    symlinkSync('/etc/passwd', join(linked, 'weights', 'passwd.json'));
    writeFileSync(
      join(linked, 'model-card.json'),
      readFileSync(join(linked, 'model-card.json'), 'utf8').replace(
        'weights/vocab.json',
        'weights/passwd.json',
      ),
    );
    expect(refusal(linked).message).toMatch(/vocabulary is a link to outside the model folder/);
  });

  it('a vocabulary inside the folder still loads', () => {
    const card = readModelCard(cardWith('good', 'weights/vocab.json'));
    expect(card.vocabulary).toBe(join(work, 'good', 'weights', 'vocab.json'));
  });
});
