import { dropFields, type WorkersAIImageModel } from './model.js';

const ID = '@cf/black-forest-labs/flux-1-schnell';

/**
 * FLUX.1 [schnell]: the schema allows only `prompt` (1–2048 characters) and `steps` (≤ 8, default 4)
 * and rejects anything else with 400 / code 5006, so nothing else is ever sent. Fixed size, no seed.
 * Output `{ image: base64 JPEG }`.
 */
export const flux1Schnell: WorkersAIImageModel = {
  id: ID,
  name: 'FLUX.1 [schnell]',
  family: 'flux-1',
  capabilities: {
    generate: true,
    editModes: [],
    maxImagesPerCall: 1,
    defaultSize: { width: 1024, height: 1024 },
    steps: { min: 1, max: 8, default: 4 },
    seed: false,
    negativePrompt: false,
    maxPromptLength: 2048,
    progress: 'coarse',
    outputTypes: ['image/jpeg', 'image/png'],
  },
  output: 'base64',
  multipart: false,
  terms: { name: 'Black Forest Labs terms of service', url: 'https://bfl.ai/legal/terms-of-service' },
  pricing: '$0.0000528 per 512×512 tile + $0.0001056 per step',
  partner: false,
  beta: false,
  notes: [
    'Since August 2026 seed, width, height and negative_prompt are rejected (5006); Pictor never sends them.',
  ],
  encode(request) {
    const warnings: ReturnType<WorkersAIImageModel['encode']>['warnings'] = [];
    dropFields(request, ['negativePrompt', 'width', 'height', 'seed', 'guidance'], ID, warnings);
    const inputs: Record<string, unknown> = { prompt: request.prompt };
    if (request.steps !== undefined) inputs.steps = request.steps;
    return { inputs, warnings };
  },
};
