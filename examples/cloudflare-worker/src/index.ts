// A Cloudflare Worker that generates images through the Workers AI binding (`env.AI`):
// GET /?prompt=a+red+kite[&seed=7][&model=@cf/…] → the image, tagged with its provenance and licence.
import { createImageClient, InvalidRequestError, PictorError, retry } from '@pictor/core';
import { licenceTagging } from '@pictor/licence-tagging';
import { type AiBinding, createWorkersAI } from '@pictor/workers-ai';

interface Env {
  /** The Workers AI binding, declared in wrangler.toml (`[ai] binding = "AI"`). */
  AI: AiBinding;
}

const DEFAULT_MODEL = '@cf/bytedance/stable-diffusion-xl-lightning';

function errorResponse(error: unknown): Response {
  if (!PictorError.isInstance(error)) return Response.json({ error: { code: 'internal' } }, { status: 500 });
  const status =
    InvalidRequestError.isInstance(error) || error.code === 'unsupported_feature'
      ? 400
      : error.code === 'rate_limit'
        ? 429
        : 502;
  // Pictor messages never carry tokens; the binding needs none anyway.
  return Response.json({ error: { code: error.code, message: error.message } }, { status });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const prompt = url.searchParams.get('prompt') ?? '';
    const seed = url.searchParams.get('seed');
    const workersAI = createWorkersAI({ binding: env.AI });
    try {
      const client = createImageClient({
        provider: workersAI(url.searchParams.get('model') ?? DEFAULT_MODEL),
        // Retry capacity errors (3040) with backoff; tag every image as AI-made, with its model's licence.
        middleware: [retry({ maxRetries: 2, initialDelayMs: 200 }), licenceTagging()],
      });
      const { images, warnings } = await client.generate({
        prompt,
        ...(seed !== null ? { seed: Number(seed) } : {}),
      });
      const image = images[0]!;
      return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          'content-type': image.mediaType,
          ...(image.seed !== undefined ? { 'x-seed': String(image.seed) } : {}),
          ...(warnings.length ? { 'x-warnings': JSON.stringify(warnings) } : {}),
        },
      });
    } catch (error) {
      return errorResponse(error);
    }
  },
};
