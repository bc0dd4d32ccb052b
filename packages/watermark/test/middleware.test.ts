import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createImageClient, readImageInfo } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  detectWatermark,
  embedWatermark,
  type WatermarkAnnotation,
  watermark,
  watermarkKeyId,
} from '../src/index.js';

const photo = fileURLToPath(new URL('../../../test/fixtures/photos/chelsea.png', import.meta.url));
const KEY = 'k-3f9a1c77e2d84b06';

describe('watermark() middleware', () => {
  for (const format of ['png', 'jpeg', 'webp'] as const) {
    it(`marks a ${format} output, keeps its format, and records the record id`, async () => {
      const bytes = new Uint8Array(await sharp(photo).toFormat(format, { quality: 90 }).toBuffer());
      const client = createImageClient({
        provider: mockProvider({ bytes: () => bytes }),
        middleware: [watermark({ key: KEY })],
      });
      const { images } = await client.generate({ prompt: 'a cat', seed: 1 });
      const image = images[0]!;
      expect(readImageInfo(image.bytes).mediaType).toBe(`image/${format}`);
      const annotation = image.annotations.watermark as WatermarkAnnotation;
      expect(annotation).toMatchObject({ algorithm: 'dev.pictor.ssdct.1', keyId: await watermarkKeyId(KEY) });
      const found = await detectWatermark(image.bytes, { key: KEY });
      expect(found.present).toBe(true);
      expect(found.payload?.recordId).toBe(annotation.recordId);
      expect(
        JSON.stringify(images, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)),
      ).not.toContain(KEY);
    });
  }

  it('without a key the call fails before the provider runs', async () => {
    const provider = mockProvider();
    const client = createImageClient({ provider, middleware: [watermark({ key: '' })] });
    await expect(client.generate({ prompt: 'x', seed: 1 })).rejects.toMatchObject({ code: 'model_load' });
    expect(provider.calls).toHaveLength(0);
  });

  it('from config: { "use": "watermark" } takes the key from PICTOR_WATERMARK_KEY', async () => {
    const bytes = new Uint8Array(await readFile(photo));
    const { middlewareFromConfig } = await import('../src/index.js');
    const context = { env: { PICTOR_WATERMARK_KEY: KEY }, field: 'middleware[0]' } as unknown as Parameters<
      typeof middlewareFromConfig
    >[1];
    const middleware = await middlewareFromConfig({}, context);
    const client = createImageClient({
      provider: mockProvider({ bytes: () => bytes }),
      middleware: [middleware],
    });
    const { images } = await client.generate({ prompt: 'x', seed: 1 });
    expect((await detectWatermark(images[0]!.bytes, { key: KEY })).present).toBe(true);
    await expect(middlewareFromConfig({ strength: 9 }, context)).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

describe('embedWatermark / detectWatermark on files', () => {
  it('refuses images under 64 px a side, and bad bytes, with typed errors naming the field', async () => {
    const tiny = new Uint8Array(await sharp(photo).resize(48, 48).png().toBuffer());
    await expect(embedWatermark(tiny, { key: KEY })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'image',
    });
    await expect(detectWatermark(new Uint8Array([1, 2, 3]), { key: KEY })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('an unmarked file, or the wrong key, is a null result', async () => {
    const bytes = new Uint8Array(await readFile(photo));
    const marked = await embedWatermark(bytes, { key: KEY });
    expect((await detectWatermark(bytes, { key: KEY })).present).toBe(false);
    expect((await detectWatermark(marked.bytes, { key: 'another key' })).present).toBe(false);
    expect((await detectWatermark(marked.bytes, { key: KEY })).payload?.recordId).toBe(marked.recordId);
  });
});
