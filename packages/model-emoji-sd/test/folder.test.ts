import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emojiSdFolder, modelCardPath } from '../src/index.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the shipped emoji-sd folder', () => {
  it('has the diffusers ONNX layout, a 9-channel UNet and 30 MB or less in all', () => {
    const all = files(emojiSdFolder).map((p) => p.slice(emojiSdFolder.length + 1));
    for (const part of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'])
      expect(all).toContain(`${part}/model.onnx`);
    expect(all).toContain('scheduler/scheduler_config.json');
    expect(json(join(emojiSdFolder, 'model_index.json'))._class_name).toBe(
      'OnnxStableDiffusionInpaintPipeline',
    );
    expect(json(join(emojiSdFolder, 'unet', 'config.json'))).toMatchObject({
      in_channels: 9,
      sample_size: 8,
    });
    const scaling = json(join(emojiSdFolder, 'vae_decoder', 'config.json')).scaling_factor;
    expect(scaling).toBeGreaterThan(0);
    const bytes = files(emojiSdFolder).reduce((n, p) => n + statSync(p).size, 0);
    expect(bytes).toBeLessThanOrEqual(30 * 1024 * 1024);
  });

  it("has a tokenizer in CLIP's format: byte symbols, word ends, merges, start/end tokens, a 16-token window", () => {
    const vocab = json(join(emojiSdFolder, 'tokenizer', 'vocab.json')) as Record<string, number>;
    expect(vocab['<|startoftext|>']).toBeTypeOf('number');
    expect(vocab['<|endoftext|>']).toBeTypeOf('number');
    expect(vocab['a</w>']).toBeTypeOf('number');
    const merges = readFileSync(join(emojiSdFolder, 'tokenizer', 'merges.txt'), 'utf8').split('\n');
    expect(merges[0]).toMatch(/^#version/);
    for (const line of merges.slice(1).filter(Boolean)) {
      const [a, b] = line.split(' ');
      expect(vocab[a! + b!], line).toBeTypeOf('number');
    }
    expect(json(join(emojiSdFolder, 'tokenizer', 'tokenizer_config.json')).model_max_length).toBe(16);
  });

  it('has a model card naming its data with licences and the Twemoji attribution', () => {
    const card = json(modelCardPath);
    expect(card.licence.weights).toBe('Apache-2.0');
    expect(card.training_data.map((s: { licence: string }) => s.licence)).toEqual([
      'Apache-2.0',
      'CC-BY-4.0',
    ]);
    expect(card.training_data[1].attribution).toMatch(/Twemoji graphics by Twitter/);
  });
});
