// Replicate HTTP API (replicate.com/docs/reference/http, "models.predictions.create" for official
// models): POST /v1/models/<owner>/<name>/predictions with `Authorization: Bearer` and
// `Prefer: wait` (sync mode), body `{ input: { prompt, aspect_ratio, seed, num_outputs, … } }`;
// answers the prediction `{ id, model, input, output: [url…], status: 'succeeded', urls: { get, cancel } }`;
// errors `{ title, detail, status }`.
import type { VendorContext, VendorReply } from './server.js';

// flux-schnell's documented aspect_ratio values and the sizes it makes for them (1 megapixel).
const RATIOS: Record<string, [number, number]> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '9:16': [768, 1344],
  '4:3': [1152, 896],
  '3:4': [896, 1152],
  '21:9': [1536, 640],
  '9:21': [640, 1536],
};
const MODELS = new Set(['black-forest-labs/flux-schnell', 'black-forest-labs/flux-dev']);

export async function handleReplicate(context: VendorContext): Promise<VendorReply> {
  const { request } = context;
  if (request.headers.authorization !== `Bearer ${context.apiKey}`) {
    return {
      status: 401,
      body: {
        title: 'Unauthenticated',
        detail: 'You did not pass a valid authentication token',
        status: 401,
      },
    };
  }
  const match = /^\/models\/([^/]+\/[^/]+)\/predictions$/.exec(request.path);
  if (request.method !== 'POST' || !match || !MODELS.has(match[1]!)) {
    return {
      status: 404,
      body: { title: 'Not found', detail: 'The requested resource could not be found.', status: 404 },
    };
  }
  const input = ((request.json as { input?: Record<string, unknown> })?.input ?? {}) as Record<
    string,
    unknown
  >;
  const fail = (detail: string): VendorReply => ({
    status: 422,
    body: { title: 'Input validation failed', detail, status: 422 },
  });
  if (typeof input.prompt !== 'string' || !input.prompt) return fail('input.prompt is required');
  const ratio = String(input.aspect_ratio ?? '1:1');
  if (!RATIOS[ratio]) return fail(`input.aspect_ratio must be one of ${Object.keys(RATIOS).join(', ')}`);
  const n = Number(input.num_outputs ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 4) return fail('input.num_outputs must be between 1 and 4');
  if (
    input.num_inference_steps !== undefined &&
    !(Number(input.num_inference_steps) >= 1 && Number(input.num_inference_steps) <= 4)
  ) {
    return fail('input.num_inference_steps must be between 1 and 4');
  }
  const [width, height] = RATIOS[ratio]!;
  const bytes = await context.image(input.prompt, width, height);
  const id = `p${request.path.length}${Date.now().toString(36)}`;
  return {
    status: 201,
    body: {
      id,
      model: match[1],
      version: 'hidden',
      input,
      logs: '',
      output: Array.from({ length: n }, () => context.host(bytes)),
      error: null,
      status: 'succeeded',
      urls: {
        get: `${context.origin}/replicate/v1/predictions/${id}`,
        cancel: `${context.origin}/replicate/v1/predictions/${id}/cancel`,
      },
    },
  };
}
