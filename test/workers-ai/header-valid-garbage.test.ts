// The Workers AI fault suite for image bodies that look right at first glance: a real PNG
// signature and IHDR followed by garbage, a JPEG whose tables and frame header are real but that
// has no scan, a header-only WebP. Each must be an InvalidResponseError, never an image; a real
// JPEG with an editor trailer after EOI is still an image.
import { readFileSync } from 'node:fs';
import { createImageClient, encodePng, InvalidResponseError, PictorError } from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';
import { useFakeWorkersAI } from './use-fake.js';

const fake = useFakeWorkersAI();
const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0'; // raw PNG bytes
const SCHNELL = '@cf/black-forest-labs/flux-1-schnell'; // base64 JPEG in a JSON envelope
const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));

async function answer(model: string, bytes: Uint8Array) {
  fake.setBehaviour({ type: 'image', bytes }, { times: 1 });
  const client = createImageClient({ provider: createWorkersAI(fake.settings)(model) });
  return client.generate({ prompt: 'x', width: 256, height: 256 }).catch((error: unknown) => error);
}

function garbage(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + 17) & 0xff);
}

describe('header-valid garbage from the server', () => {
  it('a PNG signature and IHDR followed by garbage → InvalidResponseError', async () => {
    const png = await encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256 * 4).fill(90) });
    const error = await answer(SDXL, Uint8Array.from([...png.subarray(0, 33), ...garbage(4000)]));
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as PictorError).message).toMatch(/not a valid image|PNG/);
  });
  it('a PNG whose IDAT CRC is wrong → InvalidResponseError', async () => {
    const error = await answer(SDXL, fixture('pngsuite/xcsn0g01.png'));
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as PictorError).message).toMatch(/bad CRC/);
  });
  it('a JPEG with tables and a frame header but no scan → InvalidResponseError', async () => {
    const error = await answer(SCHNELL, fixture('jpeg/invalid-no-scan.jpg'));
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as PictorError).message).toMatch(/without any scan/);
  });
  it('a JPEG frame header followed by garbage → InvalidResponseError', async () => {
    const error = await answer(SCHNELL, fixture('jpeg/invalid-header-then-garbage.jpg'));
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
  });
  it('a WebP that is only a VP8X header → InvalidResponseError', async () => {
    const error = await answer(SCHNELL, fixture('webp/invalid-vp8x-only.webp'));
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
  });
  it('a real JPEG with an editor trailer after EOI is an image, its bytes unchanged', async () => {
    const jpeg = fixture('jpeg/exiftool-trailer.jpg');
    const result = await answer(SCHNELL, jpeg);
    expect(PictorError.isInstance(result), String(result)).toBe(false);
    const { images } = result as { images: { bytes: Uint8Array; mediaType: string; width: number }[] };
    expect(images[0]).toMatchObject({ mediaType: 'image/jpeg', width: 64 });
    expect(images[0]!.bytes).toEqual(jpeg);
  });
});
