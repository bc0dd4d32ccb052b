// Licence tagging over AI SDK models: a known hosted model gets its terms written into the file; an
// unknown one follows onUnknownLicence.
import { createFal } from '@ai-sdk/fal';
import { fromImageModel } from '@pictor/ai-sdk';
import { createImageClient } from '@pictor/core';
import { LicencePolicyError, licenceTagging, readProvenance } from '@pictor/licence-tagging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from './fake-vendors/index.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors();
});
afterAll(() => fake.close());

describe('licenceTagging over fromImageModel', () => {
  it('FLUX.1 [schnell] on fal: Apache-2.0 with fal’s hosted terms, written into the PNG', async () => {
    const fal = createFal({ apiKey: fake.apiKey, baseURL: fake.baseURL('fal') });
    const client = createImageClient({
      provider: fromImageModel(fal.image('fal-ai/flux/schnell')),
      middleware: [licenceTagging()],
    });
    const result = await client.generate({ prompt: 'a red apple', width: 256, height: 256 });
    const provenance = await readProvenance(result.images[0]!.bytes);
    expect(provenance.aiGenerated).toBe(true);
    expect(provenance.fields.aiSystemUsed).toBe('FLUX.1 [schnell]');
    expect(provenance.licence?.spdx).toBe('Apache-2.0');
  });

  it('an unknown model follows onUnknownLicence: a warning by default, an error when asked', async () => {
    const fal = createFal({ apiKey: fake.apiKey, baseURL: fake.baseURL('fal') });
    const model = fal.image('fal-ai/recraft-v3');
    const warned = await createImageClient({
      provider: fromImageModel(model),
      middleware: [licenceTagging()],
    }).generate({ prompt: 'x', width: 256, height: 256 });
    expect(warned.warnings.some((w) => w.type === 'other' && /licen/i.test(w.message))).toBe(true);
    const strict = createImageClient({
      provider: fromImageModel(model),
      middleware: [licenceTagging({ onUnknownLicence: 'error' })],
    });
    const error = await strict.generate({ prompt: 'x', width: 256, height: 256 }).catch((e: unknown) => e);
    expect(LicencePolicyError.isInstance(error)).toBe(true);
  });
});
