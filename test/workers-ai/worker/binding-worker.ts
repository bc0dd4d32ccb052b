// A Worker that uses @pictor/core + @pictor/workers-ai through an `AI` binding. The binding test
// bundles it with esbuild and runs it in workerd (miniflare).
import { createImageClient, type PictorError, retry } from '@pictor/core';
import { type AiBinding, createWorkersAI } from '@pictor/workers-ai';

interface Env {
  AI: AiBinding;
}

/** What the test posts to the Worker. */
export interface WorkerCall {
  model: string;
  prompt: string;
  width?: number;
  height?: number;
  seed?: number;
  /** Base64 reference image for a FLUX.2 `reference` edit. */
  reference?: string;
  gateway?: string;
  /** Stream this text model instead of generating an image. */
  text?: boolean;
  /** Run these prompts through the asynchronous batch API of this (text) model. */
  batch?: string[];
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const call = (await request.json()) as WorkerCall;
    const workersAI = createWorkersAI({
      binding: env.AI,
      ...(call.gateway ? { gateway: { id: call.gateway } } : {}),
    });
    try {
      if (call.batch) {
        const polls: string[] = [];
        const { responses } = await workersAI.batch(call.model).run(
          call.batch.map((prompt, i) => ({ prompt, external_reference: `p${i}` })),
          { intervalMs: 1, onStatus: (status) => polls.push(status) },
        );
        return Response.json({ responses, polls });
      }
      if (call.text) {
        let text = '';
        for await (const event of workersAI.text(call.model).stream({ prompt: call.prompt }))
          if (event.type === 'delta') text += event.text;
        return Response.json({ text });
      }
      const client = createImageClient({
        provider: workersAI(call.model),
        middleware: [retry({ maxRetries: 2, initialDelayMs: 5 })],
      });
      const events: string[] = [];
      const base = {
        prompt: call.prompt,
        ...(call.width ? { width: call.width } : {}),
        ...(call.height ? { height: call.height } : {}),
        ...(call.seed !== undefined ? { seed: call.seed } : {}),
      };
      const onProgress = (event: { type: string }) => events.push(event.type);
      const result = call.reference
        ? await client.edit({ ...base, mode: 'reference', image: fromBase64(call.reference) }, { onProgress })
        : await client.generate(base, { onProgress });
      const image = result.images[0]!;
      return Response.json({
        mediaType: image.mediaType,
        width: image.width,
        height: image.height,
        size: image.bytes.length,
        head: Array.from(image.bytes.subarray(0, 4)),
        seed: image.seed,
        warnings: result.warnings,
        events,
        metadata: result.providerMetadata,
      });
    } catch (error) {
      const e = error as PictorError;
      return Response.json(
        { error: { name: e.name, code: e.code, message: e.message, isRetryable: e.isRetryable } },
        { status: 500 },
      );
    }
  },
};
