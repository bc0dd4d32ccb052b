import { describe, expect, it } from 'vitest';
import { getWorkersAIModel, workersAIModels } from './catalogue.js';

describe('the catalogue', () => {
  it('has the 11 documented image models, each with terms, price and coarse progress', () => {
    expect(workersAIModels).toHaveLength(11);
    for (const model of workersAIModels) {
      expect(model.terms.url).toMatch(/^https:\/\//);
      expect(model.pricing.length).toBeGreaterThan(0);
      expect(model.capabilities.progress).toBe('coarse');
      expect(model.capabilities.maxImagesPerCall).toBe(1);
      expect(model.capabilities.generate || model.capabilities.editModes.length > 0).toBe(true);
    }
  });

  it('flux-1-schnell encodes only prompt and steps, warning about the rest', () => {
    const { inputs, warnings } = getWorkersAIModel('@cf/black-forest-labs/flux-1-schnell').encode(
      { prompt: 'p', seed: 1, width: 512, steps: 2 },
      { operation: 'generate', imageEncoding: 'array' },
    );
    expect(inputs).toEqual({ prompt: 'p', steps: 2 });
    expect(warnings.map((w) => (w.type === 'unsupported' ? w.field : ''))).toEqual(['width', 'seed']);
  });

  it('FLUX.2 always encodes multipart', () => {
    const { inputs } = getWorkersAIModel('@cf/black-forest-labs/flux-2-dev').encode(
      { prompt: 'p' },
      { operation: 'generate', imageEncoding: 'array' },
    );
    const multipart = (inputs as { multipart: { body: FormData; contentType: string } }).multipart;
    expect(multipart.body).toBeInstanceOf(FormData);
    expect(multipart.body.get('prompt')).toBe('p');
  });

  it('unknown ids are InvalidRequestErrors with suggestions', () => {
    expect(() => getWorkersAIModel('@cf/black-forest-labs/flux-1-dev')).toThrow(/modelId/);
  });
});
