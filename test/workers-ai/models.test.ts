// Each model's request encoding and response decoding, over real HTTP against the fake server.
import {
  createImageClient,
  encodePng,
  InvalidRequestError,
  type ProgressEvent,
  readImageInfo,
} from '@pictor/core';
import { createRestRunner, createWorkersAI } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';
import { useFakeWorkersAI } from './use-fake.js';

const fake = useFakeWorkersAI();

const png = (width: number, height: number, value = 200) =>
  encodePng({ width, height, data: new Uint8Array(width * height * 4).fill(value) });

describe('flux-1-schnell', () => {
  const id = '@cf/black-forest-labs/flux-1-schnell';

  it('sends only prompt and steps; seed, size and negative prompt come back as warnings', async () => {
    const client = createImageClient({ provider: createWorkersAI(fake.settings)(id) });
    const result = await client.generate({
      prompt: 'a red apple',
      seed: 3,
      width: 512,
      height: 512,
      negativePrompt: 'blur',
      steps: 6,
    });
    expect(fake.requests[0]!.json).toEqual({ prompt: 'a red apple', steps: 6 });
    expect(result.warnings.map((w) => (w.type === 'unsupported' ? w.field : ''))).toEqual(
      expect.arrayContaining(['seed', 'width', 'height', 'negativePrompt']),
    );
    expect(result.images[0]!.mediaType).toBe('image/jpeg');
    expect([result.images[0]!.width, result.images[0]!.height]).toEqual([1024, 1024]);
    expect(result.images[0]!.seed).toBeUndefined();
  });

  it('a seed sent anyway is the documented 400 / 5006, mapped to InvalidRequestError naming the field', async () => {
    const runner = createRestRunner(fake.settings);
    const error = await runner.run(id, { prompt: 'x', seed: 1 }).catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('seed');
    expect((error as Error).message).toContain(
      "Additional or unevaluated properties '/seed' at '/' not allowed",
    );
  });

  it('a prompt over 2048 characters is refused before any request', async () => {
    const client = createImageClient({ provider: createWorkersAI(fake.settings)(id) });
    const error = await client.generate({ prompt: 'a'.repeat(2049) }).catch((e: unknown) => e);
    expect((error as InvalidRequestError).field).toBe('prompt');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('SD family', () => {
  it('SDXL base sends every SD field under its API name and returns the raw PNG', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/stabilityai/stable-diffusion-xl-base-1.0'),
    });
    const result = await client.generate({
      prompt: 'a green field',
      negativePrompt: 'people',
      width: 512,
      height: 256,
      steps: 12,
      guidance: 6.5,
      seed: 42,
    });
    expect(fake.requests[0]!.json).toEqual({
      prompt: 'a green field',
      negative_prompt: 'people',
      width: 512,
      height: 256,
      num_steps: 12,
      guidance: 6.5,
      seed: 42,
    });
    const image = result.images[0]!;
    expect([image.mediaType, image.width, image.height, image.seed]).toEqual(['image/png', 512, 256, 42]);
  });

  it('SDXL-Lightning answers JPEG labelled image/png: the type is read from the bytes', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/bytedance/stable-diffusion-xl-lightning'),
    });
    const result = await client.generate({ prompt: 'a blue car', width: 256, height: 256 });
    expect(result.images[0]!.mediaType).toBe('image/jpeg');
    expect(readImageInfo(result.images[0]!.bytes).mediaType).toBe('image/jpeg');
  });

  it('num_steps above 20 is refused before any request', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/lykon/dreamshaper-8-lcm'),
    });
    const error = await client.generate({ prompt: 'x', steps: 21 }).catch((e: unknown) => e);
    expect((error as InvalidRequestError).field).toBe('steps');
    expect(fake.requests).toHaveLength(0);
  });

  it('SD 1.5 img2img sends the image as a number array (or image_b64) with strength', async () => {
    const input = await png(300, 200);
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/runwayml/stable-diffusion-v1-5-img2img'),
    });
    const result = await client.edit({
      mode: 'img2img',
      prompt: 'make it yellow',
      image: input,
      strength: 0.6,
    });
    const body = fake.requests[0]!.json as Record<string, unknown>;
    expect(body.image).toEqual(Array.from(input));
    expect(body.strength).toBe(0.6);
    expect([result.images[0]!.width, result.images[0]!.height]).toEqual([300, 200]);

    await client.edit({
      mode: 'img2img',
      prompt: 'again',
      image: input,
      providerOptions: { 'workers-ai': { imageEncoding: 'base64' } },
    });
    const second = fake.requests[1]!.json as Record<string, unknown>;
    expect(second.image).toBeUndefined();
    expect(Buffer.from(second.image_b64 as string, 'base64').equals(Buffer.from(input))).toBe(true);
  });

  it('SD 1.5 inpainting sends image and mask as number arrays; generate is not offered', async () => {
    const [image, mask] = [await png(256, 256), await png(256, 256, 255)];
    const provider = createWorkersAI(fake.settings)('@cf/runwayml/stable-diffusion-v1-5-inpainting');
    const client = createImageClient({ provider });
    await client.edit({ mode: 'inpaint', prompt: 'a cat', image, mask });
    const body = fake.requests[0]!.json as Record<string, unknown>;
    expect(body.mask).toEqual(Array.from(mask));
    expect(body.image).toEqual(Array.from(image));
    await expect(client.generate({ prompt: 'x' })).rejects.toThrow(/cannot generate/);
  });
});

describe('FLUX.2', () => {
  it('dev sends multipart form fields and reference images input_image_0..n', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/black-forest-labs/flux-2-dev'),
    });
    const [a, b] = [await png(64, 64), await png(128, 96)];
    const result = await client.edit({
      mode: 'reference',
      prompt: 'image 0 in the style of image 1',
      image: a,
      references: [b],
      width: 512,
      height: 384,
      seed: 9,
      steps: 20,
      guidance: 3,
    });
    const request = fake.requests[0]!;
    expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.form).toMatchObject({
      prompt: 'image 0 in the style of image 1',
      width: '512',
      height: '384',
      seed: '9',
      steps: '20',
      guidance: '3',
    });
    expect(request.form!.input_image_0).toEqual({
      filename: 'input_image_0',
      type: 'image/png',
      size: a.length,
    });
    expect(request.form!.input_image_1).toMatchObject({ size: b.length });
    expect([result.images[0]!.width, result.images[0]!.height, result.images[0]!.seed]).toEqual([
      512, 384, 9,
    ]);
  });

  it('klein has fixed steps: steps dropped with a warning; prompt-only calls are multipart too', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/black-forest-labs/flux-2-klein-4b'),
    });
    const result = await client.generate({ prompt: 'a purple hat', steps: 8 });
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'steps' }));
    expect(fake.requests[0]!.contentType).toMatch(/^multipart\/form-data/);
    expect(fake.requests[0]!.form!.steps).toBeUndefined();
    expect([result.images[0]!.width, result.images[0]!.height]).toEqual([1024, 768]);
  });

  it('a reference image larger than 512×512 is refused before any request', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/black-forest-labs/flux-2-klein-9b'),
    });
    const error = await client
      .edit({ mode: 'reference', prompt: 'x', image: await png(64, 64), references: [await png(600, 64)] })
      .catch((e: unknown) => e);
    expect((error as InvalidRequestError).field).toBe('references[0]');
    expect(fake.requests).toHaveLength(0);
  });

  it("a JSON body is the documented 5006 \"required properties at '/' are 'multipart'\"", async () => {
    const error = await createRestRunner(fake.settings)
      .run('@cf/black-forest-labs/flux-2-dev', { prompt: 'x' })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("required properties at '/' are 'multipart'");
  });
});

describe('Leonardo', () => {
  it('phoenix: raw JPEG body, negative prompt and num_steps sent', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/leonardo/phoenix-1.0'),
    });
    const result = await client.generate({
      prompt: 'an orange fox',
      negativePrompt: 'text',
      width: 320,
      height: 256,
      steps: 10,
      guidance: 4,
      seed: 1,
    });
    expect(fake.requests[0]!.json).toEqual({
      prompt: 'an orange fox',
      negative_prompt: 'text',
      width: 320,
      height: 256,
      num_steps: 10,
      guidance: 4,
      seed: 1,
    });
    expect([result.images[0]!.mediaType, result.images[0]!.width]).toEqual(['image/jpeg', 320]);
  });

  it('lucid-origin: base64 JSON in the envelope; guidance above 10 refused before any request', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/leonardo/lucid-origin'),
    });
    const result = await client.generate({ prompt: 'a pink flower', width: 256, height: 256 });
    expect(result.images[0]!.mediaType).toBe('image/jpeg');
    const error = await client.generate({ prompt: 'x', guidance: 11 }).catch((e: unknown) => e);
    expect((error as InvalidRequestError).field).toBe('guidance');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('progress and metadata', () => {
  it('emits queued → request → response → decoding → done, nothing invented', async () => {
    const events: ProgressEvent[] = [];
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/stabilityai/stable-diffusion-xl-base-1.0'),
    });
    const result = await client.generate(
      { prompt: 'x', width: 256, height: 256 },
      { onProgress: (e) => events.push(e) },
    );
    expect(events.map((e) => e.type)).toEqual(['queued', 'request', 'response', 'decoding', 'done']);
    expect(events[2]).toMatchObject({ type: 'response', bytes: result.images[0]!.bytes.length });
    expect(result.providerMetadata?.['workers-ai']).toEqual({ transport: 'rest' });
    expect(result.timings.requestMs).toBeGreaterThan(0);
  });

  it('n above one makes one call per image, seeds seed+i', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/lykon/dreamshaper-8-lcm'),
    });
    const result = await client.generate({ prompt: 'x', n: 3, seed: 10, width: 256, height: 256 });
    expect(result.images.map((i) => i.seed)).toEqual([10, 11, 12]);
    expect(fake.requests.map((r) => (r.json as { seed: number }).seed).sort()).toEqual([10, 11, 12]);
  });
});

describe('the fetch transport (as in Workers and browsers)', () => {
  it('binary, base64 and multipart models and SSE work through fetch as through undici', async () => {
    const workersAI = createWorkersAI({ ...fake.settings, http: 'fetch' });
    const sdxl = await createImageClient({
      provider: workersAI('@cf/stabilityai/stable-diffusion-xl-base-1.0'),
    }).generate({ prompt: 'x', width: 256, height: 256 });
    expect(sdxl.images[0]!.mediaType).toBe('image/png');
    const schnell = await createImageClient({
      provider: workersAI('@cf/black-forest-labs/flux-1-schnell'),
    }).generate({ prompt: 'x' });
    expect(schnell.images[0]!.mediaType).toBe('image/jpeg');
    const klein = await createImageClient({
      provider: workersAI('@cf/black-forest-labs/flux-2-klein-4b'),
    }).edit({ mode: 'reference', prompt: 'x', image: await png(32, 32) });
    expect(klein.images[0]!.width).toBe(1024);
    expect(fake.requests[2]!.form!.input_image_0).toMatchObject({ type: 'image/png' });
    let text = '';
    for await (const event of workersAI.text('@cf/meta/llama-3.1-8b-instruct').stream({ prompt: 'hi' }))
      if (event.type === 'delta') text += event.text;
    expect(text).toBe('Hello from the fake Workers AI.');
  });
});
