import { readFileSync } from 'node:fs';
import { InvalidRequestError } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_MODEL_LICENCES,
  createModelLicenceRegistry,
  defaultModelLicenceRegistry,
  licenceFromModelCard,
  type ModelLicence,
  registerModelLicence,
  resolveModelCard,
} from '../src/index.js';

// Every Workers AI image model id (Cloudflare's Workers AI model catalogue).
const WORKERS_AI_MODELS = [
  '@cf/black-forest-labs/flux-1-schnell',
  '@cf/black-forest-labs/flux-2-dev',
  '@cf/black-forest-labs/flux-2-klein-4b',
  '@cf/black-forest-labs/flux-2-klein-9b',
  '@cf/leonardo/lucid-origin',
  '@cf/leonardo/phoenix-1.0',
  '@cf/stabilityai/stable-diffusion-xl-base-1.0',
  '@cf/bytedance/stable-diffusion-xl-lightning',
  '@cf/lykon/dreamshaper-8-lcm',
  '@cf/runwayml/stable-diffusion-v1-5-img2img',
  '@cf/runwayml/stable-diffusion-v1-5-inpainting',
];

describe('model licence registry', () => {
  it('knows every Workers AI image model, with hosted terms for partner models', () => {
    for (const model of WORKERS_AI_MODELS) {
      const entry = defaultModelLicenceRegistry.lookup('workers-ai', model);
      expect(entry, model).toBeDefined();
      expect(entry!.licenceUrl).toMatch(/^https:\/\//);
      expect(entry!.spdx).toMatch(/^(Apache-2\.0|LicenseRef-[\w.-]+)$/);
    }
    expect(
      defaultModelLicenceRegistry.lookup('workers-ai', '@cf/black-forest-labs/flux-2-dev')!.hostedTerms?.url,
    ).toBe('https://bfl.ai/legal/terms-of-service');
    expect(
      defaultModelLicenceRegistry.lookup('workers-ai', '@cf/leonardo/lucid-origin')!.hostedTerms?.url,
    ).toBe('https://leonardo.ai/terms-of-service');
  });

  it('maps the common open models by folder or id on any provider', () => {
    const cases: [string, string, string, string][] = [
      ['onnx', './models/stable-diffusion-v1-5', 'stable-diffusion-1.5', 'LicenseRef-CreativeML-OpenRAIL-M'],
      [
        'onnx',
        '/m/stable-diffusion-2-1',
        'stable-diffusion-2.1',
        'LicenseRef-CreativeML-OpenRAIL-PlusPlus-M',
      ],
      [
        'onnx',
        'stabilityai/stable-diffusion-xl-base-1.0',
        'stable-diffusion-xl',
        'LicenseRef-CreativeML-OpenRAIL-PlusPlus-M',
      ],
      ['onnx', './models/sd-turbo?ep=cuda', 'sd-turbo', 'LicenseRef-Stability-AI-Community'],
      ['onnx', 'black-forest-labs/FLUX.1-schnell', 'flux-1-schnell', 'Apache-2.0'],
      ['onnx', 'black-forest-labs/FLUX.1-dev', 'flux-1-dev', 'LicenseRef-FLUX-dev-Non-Commercial'],
      ['onnx', 'black-forest-labs/FLUX.2-dev', 'flux-2-dev', 'LicenseRef-FLUX-dev-Non-Commercial'],
      ['tfjs', 'emoji', 'pictor/model-emoji', 'Apache-2.0'],
      ['onnx', 'emoji-sd', 'pictor/model-emoji-sd', 'Apache-2.0'],
      ['onnx', 'emoji', 'pictor/model-emoji', 'Apache-2.0'],
      ['onnx', 'node_modules/@pictor/model-emoji/weights/generator.onnx', 'pictor/model-emoji', 'Apache-2.0'],
    ];
    for (const [provider, model, id, spdx] of cases) {
      expect(defaultModelLicenceRegistry.lookup(provider, model), model).toMatchObject({ id, spdx });
    }
    expect(defaultModelLicenceRegistry.lookup('onnx', 'my-own-model')).toBeUndefined();
    // Hosted models through @pictor/ai-sdk (provider `ai-sdk-<vendor>`).
    const hostedCases = [
      ['ai-sdk-openai', 'gpt-image-1', 'openai/gpt-image-1', 'conditional'],
      ['ai-sdk-openai', 'dall-e-3', 'openai/dall-e-3', 'conditional'],
      ['ai-sdk-google', 'imagen-4.0-generate-001', 'google/imagen', 'conditional'],
      ['ai-sdk-fal', 'fal-ai/flux/schnell', 'fal/flux-1-schnell', 'allowed'],
      ['ai-sdk-fal', 'fal-ai/flux/dev', 'fal/flux-1-dev', 'conditional'],
      ['ai-sdk-replicate', 'black-forest-labs/flux-schnell', 'replicate/flux-1-schnell', 'allowed'],
      ['ai-sdk-black-forest-labs', 'flux-pro-1.1', 'bfl/flux-api', 'conditional'],
    ] as const;
    for (const [provider, model, id, commercialUse] of hostedCases) {
      expect(defaultModelLicenceRegistry.lookup(provider, model), model).toMatchObject({
        id,
        commercialUse,
        confidence: 'unverified',
      });
    }
    expect(defaultModelLicenceRegistry.lookup('ai-sdk-fal', 'fal-ai/some-new-model')).toBeUndefined();
    const flux = defaultModelLicenceRegistry.lookup('onnx', 'FLUX.1-dev')!;
    expect(flux.commercialUse).toBe('non-commercial');
    expect(flux.conditions.join(' ')).toMatch(/disclose/);
  });

  it('has unique ids and plain-data entries (JSON round-trip)', () => {
    const ids = BUILTIN_MODEL_LICENCES.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.parse(JSON.stringify(BUILTIN_MODEL_LICENCES))).toEqual(BUILTIN_MODEL_LICENCES);
  });

  it('reads the emoji model card: Apache-2.0 weights, Noto (Apache-2.0) and Twemoji (CC-BY-4.0) with attribution', async () => {
    const entry = defaultModelLicenceRegistry.lookup('tfjs', 'emoji')!;
    const resolved = await resolveModelCard(entry);
    const card = JSON.parse(
      readFileSync(new URL('../../model-emoji/model-card.json', import.meta.url), 'utf8'),
    );
    expect(resolved.spdx).toBe(card.licence.weights);
    expect(resolved.outputTerms).toBe(card.licence.outputs);
    expect(resolved.trainingSources!.map((s) => s.licence)).toEqual(['Apache-2.0', 'CC-BY-4.0']);
    expect(resolved.attribution).toContain('Twemoji graphics by Twitter, Inc and other contributors');
  });

  it('reads the emoji-sd model card: the same data, licences and attribution', async () => {
    const entry = defaultModelLicenceRegistry.lookup('onnx', 'emoji-sd')!;
    const resolved = await resolveModelCard(entry);
    const card = JSON.parse(
      readFileSync(new URL('../../model-emoji-sd/model-card.json', import.meta.url), 'utf8'),
    );
    expect(resolved.modelCard).toBe('@pictor/model-emoji-sd/model-card.json');
    expect(resolved.version).toBe(card.version);
    expect(resolved.outputTerms).toBe(card.licence.outputs);
    expect(resolved.trainingSources!.map((s) => s.licence)).toEqual(['Apache-2.0', 'CC-BY-4.0']);
    expect(resolved.attribution).toContain('Twemoji graphics by Twitter, Inc and other contributors');
  });

  it('keeps the built-in emoji entry when the card is absent or malformed', async () => {
    const entry = defaultModelLicenceRegistry.lookup('tfjs', 'emoji')!;
    expect(
      await resolveModelCard({ ...entry, modelCard: '@pictor/no-such-package/model-card.json' }),
    ).toEqual({
      ...entry,
      modelCard: '@pictor/no-such-package/model-card.json',
    });
    expect(
      licenceFromModelCard(entry, { licence: { weights: 'not an spdx id!' }, training_data: 'x' }),
    ).toEqual(entry);
  });

  it('lets users register entries that win over built-in ones, and validates them', () => {
    const registry = createModelLicenceRegistry();
    const mine: ModelLicence = {
      id: 'mine',
      name: 'My SDXL fine-tune',
      patterns: ['onnx:*my-sdxl*'],
      spdx: 'MIT',
      licenceName: 'MIT',
      licenceUrl: 'https://opensource.org/license/mit',
      licensor: { name: 'Me' },
      commercialUse: 'allowed',
      outputTerms: 'Anything.',
      conditions: [],
      confidence: 'verified',
    };
    expect(registry.lookup('onnx', './my-sdxl')!.id).toBe('stable-diffusion-xl');
    registry.register(mine);
    expect(registry.lookup('onnx', './my-sdxl')!.id).toBe('mine');
    expect(() => registry.register({ ...mine, patterns: [] })).toThrow(/entry\.patterns/);
    expect(() => registry.register({ ...mine, spdx: 'has spaces' })).toThrow(/entry\.spdx/);
    let error: unknown;
    try {
      registry.register({ ...mine, commercialUse: 'maybe' as 'allowed' });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as { field: string }).field).toBe('entry.commercialUse');
    registerModelLicence({ ...mine, id: 'global-mine', patterns: ['test:global-mine'] });
    expect(defaultModelLicenceRegistry.lookup('test', 'global-mine')!.id).toBe('global-mine');
  });
});
