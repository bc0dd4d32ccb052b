// fal synchronous endpoints (docs.fal.ai "Synchronous Requests"; model pages' API schema for
// fal-ai/flux/*): POST https://fal.run/<model id> with `Authorization: Key <key>`; input prompt,
// image_size ({ width, height } or a preset), num_images, seed, num_inference_steps,
// guidance_scale, image_url for image-to-image; output `{ images: [{ url, width, height,
// content_type }], seed, has_nsfw_concepts, timings, prompt }`; validation errors 422 `{ detail: [...] }`.
import type { VendorContext, VendorReply } from './server.js';

const PRESETS: Record<string, [number, number]> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
};
const MODELS = new Set([
  'fal-ai/flux/schnell',
  'fal-ai/flux/dev',
  'fal-ai/flux/dev/image-to-image',
  'fal-ai/fast-sdxl',
  'fal-ai/recraft-v3',
]);

const invalid = (loc: string, msg: string): VendorReply => ({
  status: 422,
  body: { detail: [{ loc: ['body', loc], msg, type: 'value_error' }] },
});

export async function handleFal(context: VendorContext): Promise<VendorReply> {
  const { request } = context;
  if (request.headers.authorization !== `Key ${context.apiKey}`)
    return { status: 401, body: { detail: 'Unauthorized' } };
  const model = request.path.slice(1);
  if (request.method !== 'POST' || !MODELS.has(model))
    return { status: 404, body: { detail: `Application '${model}' not found` } };
  const input = (request.json ?? {}) as Record<string, unknown>;
  if (typeof input.prompt !== 'string' || !input.prompt) return invalid('prompt', 'field required');
  if (model.endsWith('image-to-image') && typeof input.image_url !== 'string')
    return invalid('image_url', 'field required');
  let [width, height] = PRESETS.landscape_4_3!;
  const size = input.image_size;
  if (typeof size === 'string') {
    if (!PRESETS[size]) return invalid('image_size', `unknown preset ${size}`);
    [width, height] = PRESETS[size]!;
  } else if (size && typeof size === 'object') {
    ({ width, height } = size as { width: number; height: number });
    if (!(width >= 1 && width <= 14142 && height >= 1 && height <= 14142))
      return invalid('image_size', 'out of range');
  }
  const n = Number(input.num_images ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 4)
    return invalid('num_images', 'ensure this value is between 1 and 4');
  const seed = typeof input.seed === 'number' ? input.seed : 12345;
  const bytes = await context.image(input.prompt, width, height);
  const nsfw = context.behaviour?.type === 'moderated';
  return {
    status: 200,
    body: {
      images: Array.from({ length: n }, () => ({
        url: context.host(bytes),
        width,
        height,
        content_type: 'image/png',
      })),
      timings: { inference: 0.31 },
      seed,
      has_nsfw_concepts: Array.from({ length: n }, () => nsfw),
      prompt: input.prompt,
    },
  };
}
