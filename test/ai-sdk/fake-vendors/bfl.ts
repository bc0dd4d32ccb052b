// Black Forest Labs API (docs.bfl.ai, "Integration guidelines" and the endpoint reference):
// POST /v1/<model> with `x-key`, body `{ prompt, width, height (multiples of 32, 256–1440),
// aspect_ratio, seed, steps, guidance, input_image, … }` → `{ id, polling_url }`; GET polling_url
// → `{ id, status: 'Pending' }` until `{ status: 'Ready', result: { sample, seed, … } }`;
// the sample URL is a short-lived download. Errors `{ detail }` (422 validation, 403 bad key).
import type { VendorContext, VendorReply } from './server.js';

const MODELS = new Set(['flux-pro-1.1', 'flux-dev', 'flux-kontext-pro']);

export async function handleBfl(context: VendorContext): Promise<VendorReply> {
  const { request } = context;
  if (request.headers['x-key'] !== context.apiKey)
    return { status: 403, body: { detail: 'Not authenticated - Invalid Authentication' } };
  if (request.method === 'GET' && request.path.startsWith('/get_result')) {
    const id = new URL(request.path, context.origin).searchParams.get('id') ?? '';
    const task = context.state.get(`bfl:${id}`) as
      | { polls: number; sample: string; seed: number }
      | undefined;
    if (!task) return { status: 404, body: { detail: 'Task not found' } };
    task.polls++;
    if (task.polls < 2) return { status: 200, body: { id, status: 'Pending', result: null } };
    return {
      status: 200,
      body: {
        id,
        status: 'Ready',
        result: {
          sample: task.sample,
          seed: task.seed,
          prompt: 'hidden',
          start_time: 1,
          end_time: 2,
          duration: 1,
        },
      },
    };
  }
  const model = request.path.slice(1);
  if (request.method !== 'POST' || !MODELS.has(model)) return { status: 404, body: { detail: 'Not Found' } };
  const input = (request.json ?? {}) as Record<string, unknown>;
  const invalid = (loc: string, msg: string): VendorReply => ({
    status: 422,
    body: { detail: [{ loc: ['body', loc], msg, type: 'value_error' }] },
  });
  if (typeof input.prompt !== 'string' || !input.prompt) return invalid('prompt', 'Field required');
  let width = 1024;
  let height = 768;
  if (input.width !== undefined || input.height !== undefined) {
    width = Number(input.width ?? 1024);
    height = Number(input.height ?? 768);
    for (const [field, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!(value >= 256 && value <= 1440) || value % 32 !== 0)
        return invalid(field, 'must be a multiple of 32 between 256 and 1440');
    }
  }
  const id = `task-${context.state.size + 1}`;
  const sample = context.host(await context.image(input.prompt, width, height));
  context.state.set(`bfl:${id}`, {
    polls: 0,
    sample,
    seed: typeof input.seed === 'number' ? input.seed : 42,
  });
  return {
    status: 200,
    body: {
      id,
      polling_url: `${context.origin}/bfl/v1/get_result?id=${id}`,
      cost: 4,
      input_mp: 0,
      output_mp: (width * height) / 1e6,
    },
  };
}
