import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImageClient, encodePng, type InvalidRequestError, ModelLoadError } from '@pictor/core';
import { modelCardPath, packageDir } from '@pictor/model-emoji/node';
import { createTfjs, upscalerModelPath } from '@pictor/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readPng, rejection } from './helpers.js';

const factory = createTfjs({ backend: 'wasm' });
const scratch = mkdtempSync(join(tmpdir(), 'pictor-tfjs-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('tfjs models from local paths', () => {
  it('a folder with a Pictor model card is a generator: the emoji package folder draws what tfjs:emoji draws', async () => {
    const byPath = factory(packageDir);
    const byCardFile = factory(modelCardPath);
    const builtIn = factory('emoji');
    const request = { prompt: 'red apple', seed: 21, n: 2 };
    const [a, b, c] = await Promise.all(
      [byPath, byCardFile, builtIn].map((provider) => createImageClient({ provider }).generate(request)),
    );
    expect(a!.modelId).toBe(packageDir);
    expect(a!.images.map((i) => i.bytes)).toEqual(c!.images.map((i) => i.bytes));
    expect(b!.images.map((i) => i.bytes)).toEqual(c!.images.map((i) => i.bytes));
    await Promise.all([byPath, byCardFile, builtIn].map((p) => p.dispose?.()));
  });

  it('a bare model.json is an upscaler that needs its factor', async () => {
    const file = upscalerModelPath('upscaler-default', 2);
    const error = (() => {
      try {
        factory(file);
      } catch (e) {
        return e;
      }
    })();
    expect((error as InvalidRequestError).field).toBe('options.scale');
    const provider = factory(file, { scale: 2 });
    expect(provider.capabilities.editModes).toEqual(['upscale']);
    const image = await encodePng({ width: 16, height: 12, data: new Uint8Array(16 * 12 * 4).fill(255) });
    const result = await createImageClient({ provider }).edit({ mode: 'upscale', prompt: 'x', image });
    expect(readPng(result.images[0]!.bytes)).toMatchObject({ width: 32, height: 24 });
    await provider.dispose?.();
  });

  it('a card whose weights are missing fails the call with a ModelLoadError; a missing path is refused at once', async () => {
    const card = {
      ...JSON.parse(JSON.stringify(await import('@pictor/model-emoji').then((m) => m.modelCard))),
    };
    card.vocabulary = join(packageDir, 'weights/vocab.json');
    card.weights = { tfjs_graph_model: { generator: 'nowhere/model.json' } };
    writeFileSync(join(scratch, 'model-card.json'), JSON.stringify(card));
    const provider = factory(scratch);
    const error = await rejection(provider.generate({ prompt: 'apple' }, {}));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('nowhere');
    expect(() => factory(join(scratch, 'does-not-exist'))).toThrow(/neither a built-in tfjs model/);
  });
});
