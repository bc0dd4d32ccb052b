import { assignDefined, dropFields, type EncodedInputs, type WorkersAIImageModel } from './model.js';

/** Leonardo Lucid Origin: JSON, width/height up to 2500 (default 1120), guidance 0–10, steps 1–40, seed; `{ image: base64 }` out. */
export const lucidOrigin: WorkersAIImageModel = {
  id: '@cf/leonardo/lucid-origin',
  name: 'Leonardo Lucid Origin',
  family: 'leonardo',
  capabilities: {
    generate: true,
    editModes: [],
    maxImagesPerCall: 1,
    width: { min: 1, max: 2500 },
    height: { min: 1, max: 2500 },
    defaultSize: { width: 1120, height: 1120 },
    steps: { min: 1, max: 40, default: 40 },
    guidance: { min: 0, max: 10, default: 4.5 },
    seed: true,
    negativePrompt: false,
    progress: 'coarse',
    outputTypes: ['image/jpeg', 'image/png'],
  },
  output: 'base64',
  multipart: false,
  terms: { name: 'Leonardo.Ai terms of service', url: 'https://leonardo.ai/terms-of-service' },
  pricing: '$0.007 per 512×512 tile + $0.000132 per step',
  partner: true,
  beta: false,
  notes: [],
  encode(request): EncodedInputs {
    const warnings: EncodedInputs['warnings'] = [];
    dropFields(request, ['negativePrompt'], '@cf/leonardo/lucid-origin', warnings);
    const inputs = assignDefined(
      { prompt: request.prompt },
      {
        width: request.width,
        height: request.height,
        guidance: request.guidance,
        seed: request.seed,
        num_steps: request.steps,
      },
    );
    return { inputs, warnings };
  },
};

/** Leonardo Phoenix 1.0: JSON, width/height up to 2048 (default 1024), guidance 2–10, steps 1–50, negative prompt; raw JPEG out. */
export const phoenix: WorkersAIImageModel = {
  id: '@cf/leonardo/phoenix-1.0',
  name: 'Leonardo Phoenix 1.0',
  family: 'leonardo',
  capabilities: {
    generate: true,
    editModes: [],
    maxImagesPerCall: 1,
    width: { min: 1, max: 2048 },
    height: { min: 1, max: 2048 },
    defaultSize: { width: 1024, height: 1024 },
    steps: { min: 1, max: 50, default: 25 },
    guidance: { min: 2, max: 10, default: 2 },
    seed: true,
    negativePrompt: true,
    progress: 'coarse',
    outputTypes: ['image/jpeg'],
  },
  output: 'binary',
  multipart: false,
  terms: { name: 'Leonardo.Ai terms of service', url: 'https://leonardo.ai/terms-of-service' },
  pricing: '$0.0058 per 512×512 tile + $0.00011 per step',
  partner: true,
  beta: false,
  notes: [
    'Returns raw JPEG bytes over REST (the cloudflare SDK returns undefined for it; Pictor reads the bytes).',
  ],
  encode(request): EncodedInputs {
    const inputs = assignDefined(
      { prompt: request.prompt },
      {
        negative_prompt: request.negativePrompt,
        width: request.width,
        height: request.height,
        guidance: request.guidance,
        seed: request.seed,
        num_steps: request.steps,
      },
    );
    return { inputs, warnings: [] };
  },
};
