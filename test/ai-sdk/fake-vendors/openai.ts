// OpenAI Images API (platform.openai.com/docs/api-reference/images): `Authorization: Bearer`,
// POST /images/generations (JSON: model, prompt, n, size, response_format for dall-e) and
// POST /images/edits (multipart: image or image[], mask, prompt, n, size); answers
// `{ created, data: [{ b64_json }], usage }`; errors `{ error: { message, type, param, code } }`;
// the safety system's refusal is 400 `moderation_blocked`.
import type { VendorContext, VendorReply } from './server.js';

const SIZES: Record<string, string[]> = {
  'gpt-image-1': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
};
const MAX_N: Record<string, number> = { 'gpt-image-1': 10, 'dall-e-3': 1, 'dall-e-2': 10 };

const invalid = (message: string, param: string): VendorReply => ({
  status: 400,
  body: { error: { message, type: 'invalid_request_error', param, code: null } },
});

export async function handleOpenAI(context: VendorContext): Promise<VendorReply> {
  const { request } = context;
  if (request.headers.authorization !== `Bearer ${context.apiKey}`) {
    return {
      status: 401,
      body: {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    };
  }
  const edit = request.path === '/images/edits';
  if (request.method !== 'POST' || (!edit && request.path !== '/images/generations'))
    return { status: 404, body: { error: { message: 'Unknown route' } } };
  const fields = (edit ? request.form : request.json) as Record<string, unknown> | undefined;
  const model = String(fields?.model ?? '');
  if (!SIZES[model]) return invalid(`The model '${model}' does not exist.`, 'model');
  const prompt = fields?.prompt;
  if (typeof prompt !== 'string' || !prompt) return invalid('prompt is required', 'prompt');
  const n = Number(fields?.n ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > MAX_N[model]!)
    return invalid(`n must be between 1 and ${MAX_N[model]}`, 'n');
  const size = String(fields?.size ?? '1024x1024');
  if (!SIZES[model]!.includes(size))
    return invalid(`Invalid size '${size}'. Supported: ${SIZES[model]!.join(', ')}`, 'size');
  if (edit && fields?.image === undefined && fields?.['image[]'] === undefined)
    return invalid('image is required', 'image');
  if (context.behaviour?.type === 'moderated') {
    return {
      status: 400,
      body: {
        error: {
          message: 'Your request was rejected by the safety system.',
          type: 'image_generation_user_error',
          param: null,
          code: 'moderation_blocked',
        },
      },
    };
  }
  const [width, height] = (size === 'auto' ? '1024x1024' : size).split('x').map(Number) as [number, number];
  const image = Buffer.from(await context.image(prompt, width, height)).toString('base64');
  return {
    status: 200,
    body: {
      created: 1_764_633_600,
      data: Array.from({ length: n }, () => ({ b64_json: image })),
      ...(model === 'gpt-image-1'
        ? {
            usage: {
              input_tokens: 10,
              output_tokens: 272 * n,
              total_tokens: 10 + 272 * n,
              input_tokens_details: { text_tokens: 10, image_tokens: 0 },
            },
          }
        : {}),
    },
  };
}
