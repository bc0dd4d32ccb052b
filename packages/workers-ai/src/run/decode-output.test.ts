import { encodePng, InvalidResponseError } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../models/model.js';
import { decodeImageOutput } from './decode-output.js';

const png = await encodePng({ width: 3, height: 2, data: new Uint8Array(24).fill(7) });

describe('decodeImageOutput', () => {
  it('accepts every shape the binding and REST have been seen to return', async () => {
    const shapes: unknown[] = [
      png,
      png.slice().buffer,
      new Response(png.slice()).body,
      new Response(png.slice()),
      { image: toBase64(png) },
      { image: `data:image/png;base64,${toBase64(png)}` },
      { result: { image: toBase64(png) } },
      { data: png },
    ];
    for (const shape of shapes) {
      const image = await decodeImageOutput(shape, 'm');
      expect([image.mediaType, image.width, image.height, image.bytes.length]).toEqual([
        'image/png',
        3,
        2,
        png.length,
      ]);
    }
  });

  it('anything else is an InvalidResponseError, never an image', async () => {
    for (const bad of [
      undefined,
      {},
      { image: 42 },
      { image: 'not base64!' },
      new Uint8Array([1, 2, 3]),
      png.subarray(0, 20),
      'text',
    ]) {
      await expect(decodeImageOutput(bad, 'm')).rejects.toSatisfy((e) => InvalidResponseError.isInstance(e));
    }
  });
});
