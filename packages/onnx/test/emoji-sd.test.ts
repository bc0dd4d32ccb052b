import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImageClient, InvalidRequestError, readImageInfo } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { emojiSdFolder, packageDir } from '@pictor/model-emoji-sd';
import { afterAll, describe, expect, it } from 'vitest';
import { createOnnx } from '../src/index.js';

// The shipped emoji-sd folder through the public provider, by its packaged id.
const onnx = createOnnx({ ep: 'cpu', threads: 1 });
const provider = onnx('emoji-sd', { steps: 8, guidance: 5 });
const client = createImageClient({ provider });
afterAll(() => provider.dispose?.());

const train = join(packageDir, 'train');
const apple = readFileSync(join(train, 'parity', 'image.png'));
const mask = readFileSync(join(train, 'parity', 'mask.png'));

/** Mean abs RGB difference (0–255) of two decoded images over pixels where `where(p)` holds. */
async function diff(a: Uint8Array, b: Uint8Array, where: (p: number) => boolean): Promise<number> {
  const [x, y] = await Promise.all([decodeImage(a), decodeImage(b)]);
  let sum = 0;
  let count = 0;
  for (let p = 0; p < x.width * x.height; p++) {
    if (!where(p)) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(x.data[p * 4 + c]! - y.data[p * 4 + c]!);
    count += 3;
  }
  return sum / count;
}

describe('emoji-sd through onnx("emoji-sd")', () => {
  it('names the packaged folder and its capabilities: 64×64, generate, img2img and inpaint', () => {
    expect(provider.modelId).toBe('emoji-sd');
    expect(provider.capabilities).toMatchObject({
      generate: true,
      editModes: ['img2img', 'inpaint'],
      defaultSize: { width: 64, height: 64 },
    });
    expect(emojiSdFolder.endsWith('emoji-sd')).toBe(true);
  });

  it('generates a 64×64 picture for a prompt, reproducibly per seed', async () => {
    const result = await client.generate({ prompt: 'a red apple', seed: 1 });
    expect(readImageInfo(result.images[0]!.bytes)).toEqual({ mediaType: 'image/png', width: 64, height: 64 });
    const again = await client.generate({ prompt: 'a red apple', seed: 1 });
    expect(again.images[0]!.bytes).toEqual(result.images[0]!.bytes);
    const other = await client.generate({ prompt: 'a red apple', seed: 2 });
    expect(await diff(other.images[0]!.bytes, result.images[0]!.bytes, () => true)).toBeGreaterThan(1);
    expect(result.providerMetadata?.onnx).toMatchObject({ scheduler: 'euler', guided: true, steps: 8 });
  });

  it('inpaints: pixels outside the mask are the input’s, the box is redrawn', async () => {
    const result = await client.edit({ mode: 'inpaint', prompt: 'a heart', image: apple, mask, seed: 3 });
    const inBox = (p: number) => {
      const x = p % 64;
      const y = Math.floor(p / 64);
      return y >= 14 && y < 46 && x >= 20 && x < 52;
    };
    const out = result.images[0]!.bytes;
    expect(await diff(out, apple, (p) => !inBox(p))).toBeLessThanOrEqual(0.5);
    expect(await diff(out, apple, inBox)).toBeGreaterThan(5);
  });

  it('img2img: low strength stays near the input, high strength moves away', async () => {
    const low = await client.edit({
      mode: 'img2img',
      prompt: 'an apple',
      image: apple,
      strength: 0.3,
      seed: 4,
    });
    const high = await client.edit({
      mode: 'img2img',
      prompt: 'a rocket',
      image: apple,
      strength: 0.9,
      seed: 4,
    });
    const near = await diff(low.images[0]!.bytes, apple, () => true);
    const far = await diff(high.images[0]!.bytes, apple, () => true);
    expect(near).toBeLessThan(far);
    expect(low.usage).toMatchObject({ steps: 2 }); // 8 steps × 0.3 → the last 2
  });

  it('inpaint without a mask is a typed error before any model call', async () => {
    await expect(client.edit({ mode: 'inpaint', prompt: 'x', image: apple })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });
});
