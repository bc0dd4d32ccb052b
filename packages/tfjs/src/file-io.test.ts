import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import { generatorTfjsPath } from '@pictor/model-emoji/node';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadGraphModelFromPath, loadLayersModelFromPath } from './file-io.js';

let folder: string;

/** Writes a layers model the way `tensorflowjs_converter` lays it out: model.json + one shard. */
async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      const json = {
        format: 'layers-model',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  folder = mkdtempSync(join(tmpdir(), 'pictor-tfjs-io-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// This file drives the pure-JS `@tensorflow/tfjs` directly, which prints its "install tfjs-node"
// notice once per process: that one line is expected; any other console output still fails.
let warnings: unknown[][] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
});
afterEach(() => {
  expect(warnings.filter((args) => !String(args[0]).includes('tfjs-node'))).toEqual([]);
});

describe('local model files without tfjs-node', () => {
  it('loads a layers model from a folder and gives the same outputs as the original', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, activation: 'tanh' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    await saveLayersModel(model, folder);
    const loaded = await loadLayersModelFromPath(tf, folder);
    const input = tf.tensor2d([[0.1, -0.2, 0.3, 0.4]]);
    const expected = (model.predict(input) as tf.Tensor).dataSync();
    const actual = (loaded.predict(input) as tf.Tensor).dataSync();
    expect(Array.from(actual)).toEqual(Array.from(expected));
    tf.dispose([input, model, loaded] as unknown as tf.Tensor[]);
  });

  it('loads a graph model (the emoji generator) from its model.json', async () => {
    const graph = await loadGraphModelFromPath(tf, join(generatorTfjsPath, 'model.json'));
    expect(graph.inputs.map((i) => i.name).sort()).toEqual(['words', 'z']);
    expect(graph.outputs.map((o) => o.name)).toEqual(['image']);
    graph.dispose();
  });

  it('a missing file or shard is a ModelLoadError', async () => {
    const missing = await loadGraphModelFromPath(tf, join(folder, 'nope')).catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(missing)).toBe(true);
    rmSync(join(folder, 'group1-shard1of1.bin'));
    const shard = await loadLayersModelFromPath(tf, folder).catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(shard)).toBe(true);
    expect((shard as Error).message).toContain('group1-shard1of1.bin');
  });
});
