import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelCard, vocabulary } from '../src/index.js';
import {
  clipImageOnnxPath,
  clipImageTfjsPath,
  clipTextOnnxPath,
  clipTextTfjsPath,
  generatorOnnxPath,
  generatorTfjsPath,
  loadModelCard,
  loadVocabulary,
  modelCardPath,
  weightsDir,
} from '../src/node/index.js';

describe('@pictor/model-emoji/node', () => {
  it('points at the weight files that exist', () => {
    expect(statSync(weightsDir).isDirectory()).toBe(true);
    for (const file of [generatorOnnxPath, clipImageOnnxPath, clipTextOnnxPath, modelCardPath]) {
      expect(statSync(file).size, file).toBeGreaterThan(1000);
    }
    for (const folder of [generatorTfjsPath, clipImageTfjsPath, clipTextTfjsPath]) {
      expect(existsSync(join(folder, 'model.json')), folder).toBe(true);
    }
  });

  it('reads the card and vocabulary from disk, equal to the bundled copies', async () => {
    expect(await loadModelCard()).toEqual(modelCard);
    expect(await loadVocabulary()).toEqual(vocabulary);
    // The card's own weight paths are relative to it and name the same files.
    expect(modelCard.weights.tfjs_graph_model?.generator).toBe('weights/tfjs/generator/model.json');
  });
});
