import { createImageClient, encodePng } from '@pictor/core';
import { createTfjs } from '@pictor/tfjs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

describe('tfjs tensors are disposed', () => {
  it('numTensors is back to its start after 100 generate calls, and dispose() frees the models', async () => {
    const baseline = tf.memory().numTensors;
    const factory = createTfjs({ backend: 'wasm' });
    const emoji = factory('emoji', { size: 64 });
    const client = createImageClient({ provider: emoji });
    await client.generate({ prompt: 'apple', seed: 0 }); // loads the generator and esrgan ×2
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(baseline);
    for (let i = 0; i < 100; i++) {
      await client.generate({
        prompt: i % 2 ? 'red apple' : 'cat face',
        seed: i,
        n: 1 + (i % 3),
        ...(i % 10 ? { width: 32, height: 32 } : {}),
      });
    }
    // A failing call leaves nothing behind either.
    await client.generate({ prompt: 'zzzzzz' }).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(loaded);
    await emoji.dispose?.();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('the same holds for upscale edits', async () => {
    const baseline = tf.memory().numTensors;
    const upscaler = createTfjs({ backend: 'wasm' })('esrgan-slim', { tileSize: 16 });
    const client = createImageClient({ provider: upscaler });
    const image = await encodePng({ width: 24, height: 20, data: new Uint8Array(24 * 20 * 4).fill(200) });
    await client.edit({ mode: 'upscale', prompt: 'x', image });
    const loaded = tf.memory().numTensors;
    for (let i = 0; i < 10; i++)
      await client.edit({ mode: 'upscale', prompt: 'x', image, providerOptions: { tfjs: { scale: 2 } } });
    expect(tf.memory().numTensors).toBe(loaded);
    await upscaler.dispose?.();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
