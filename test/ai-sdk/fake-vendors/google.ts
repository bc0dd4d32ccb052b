// Gemini API, Imagen (ai.google.dev/gemini-api/docs/imagen): POST /v1beta/models/<model>:predict
// with `x-goog-api-key`, body `{ instances: [{ prompt }], parameters: { sampleCount (1–4),
// aspectRatio ('1:1' | '3:4' | '4:3' | '9:16' | '16:9'), personGeneration } }`; answers
// `{ predictions: [{ bytesBase64Encoded, mimeType }] }` (a filtered image is `{ raiFilteredReason }`);
// errors `{ error: { code, message, status } }`.
import type { VendorContext, VendorReply } from './server.js';

const RATIOS: Record<string, [number, number]> = {
  '1:1': [1024, 1024],
  '3:4': [896, 1280],
  '4:3': [1280, 896],
  '9:16': [768, 1408],
  '16:9': [1408, 768],
};

const error = (code: number, status: string, message: string): VendorReply => ({
  status: code,
  body: { error: { code, message, status } },
});

export async function handleGoogle(context: VendorContext): Promise<VendorReply> {
  const { request } = context;
  if (request.headers['x-goog-api-key'] !== context.apiKey) {
    return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
  }
  const match = /^\/models\/(imagen-[^:]+):predict$/.exec(request.path);
  if (request.method !== 'POST' || !match) return error(404, 'NOT_FOUND', 'models/unknown is not found');
  const body = (request.json ?? {}) as {
    instances?: { prompt?: unknown }[];
    parameters?: Record<string, unknown>;
  };
  const prompt = body.instances?.[0]?.prompt;
  if (typeof prompt !== 'string' || !prompt)
    return error(400, 'INVALID_ARGUMENT', 'instances[0].prompt is required');
  const parameters = body.parameters ?? {};
  const n = Number(parameters.sampleCount ?? 4);
  if (!Number.isInteger(n) || n < 1 || n > 4)
    return error(400, 'INVALID_ARGUMENT', 'sampleCount must be between 1 and 4');
  const ratio = String(parameters.aspectRatio ?? '1:1');
  if (!RATIOS[ratio]) return error(400, 'INVALID_ARGUMENT', `aspectRatio ${ratio} is not supported`);
  if (context.behaviour?.type === 'moderated') {
    return {
      status: 200,
      body: { predictions: [{ raiFilteredReason: 'The image was filtered by the safety policy.' }] },
    };
  }
  const [width, height] = RATIOS[ratio]!;
  const image = Buffer.from(await context.image(prompt, width, height)).toString('base64');
  return {
    status: 200,
    body: {
      predictions: Array.from({ length: n }, () => ({ bytesBase64Encoded: image, mimeType: 'image/png' })),
    },
  };
}
