import { readFileSync } from 'node:fs';
import {
  createImageClient,
  createImageClientFromConfig,
  InvalidRequestError,
  registerMiddleware,
  registerProvider,
  registerSecret,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import {
  LicencePolicyError,
  type LicenceTaggingRecord,
  licenceTagging,
  middlewareFromConfig,
  readProvenance,
} from '../src/index.js';
import { makeJpeg, makeWebp } from './fixtures.js';

const now = () => new Date('2026-03-01T12:00:00.000Z');
const record = (image: { annotations: Record<string, unknown> }) =>
  image.annotations['licence-tagging'] as LicenceTaggingRecord;

describe('licenceTagging()', () => {
  it('never writes a secret: { env } in an option is a config error, a registered secret is redacted', async () => {
    const token = 'cfut_LicenceTagging_secret_0123456789';
    const config = {
      provider: 'lt-secret:m',
      middleware: [{ use: 'licence-tagging', copyrightNotice: { env: 'LT_TOKEN' } }],
    };
    registerProvider({ id: 'lt-secret', create: () => mockProvider({ provider: 'lt-secret' }) });
    const error = await createImageClientFromConfig(config, { env: { LT_TOKEN: token } }).catch(
      (e: unknown) => e,
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('middleware[0].copyrightNotice');
    registerSecret(token);
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
    });
    const client = createImageClient({
      provider,
      middleware: [licenceTagging({ now, copyrightNotice: `© ${token}`, sidecar: true })],
    });
    const { images } = await client.generate({ prompt: 'x' });
    const text = new TextDecoder('latin1').decode(images[0]!.bytes);
    expect(text).not.toContain(token.slice(0, 8));
    expect(text).toContain('[REDACTED]');
    expect(String(record(images[0]!).sidecar)).not.toContain(token.slice(0, 8));
  });

  it('tags generated PNGs for a known model; privacy defaults keep prompt and seed out', async () => {
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
    });
    const client = createImageClient({ provider, middleware: [licenceTagging({ now })] });
    const { images, warnings } = await client.generate({ prompt: 'a secret prompt', seed: 7, n: 2 });
    expect(warnings).toEqual([]);
    for (const image of images) {
      const report = readProvenance(image.bytes);
      expect(report.aiGenerated).toBe(true);
      expect(report.fields).toMatchObject({
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
        aiSystemUsed: 'FLUX.1 [schnell]',
        aiSystemVersionUsed: '@cf/black-forest-labs/flux-1-schnell',
        webStatement: 'https://www.apache.org/licenses/LICENSE-2.0',
        licensors: [{ name: 'Black Forest Labs', url: 'https://bfl.ai' }],
        licence: 'Apache-2.0',
        provider: 'workers-ai',
        createDate: '2026-03-01T12:00:00.000Z',
      });
      expect(report.fields.aiPromptInformation).toBeUndefined();
      expect(report.fields.seed).toBeUndefined();
      expect(new TextDecoder('latin1').decode(image.bytes)).not.toContain('secret');
      expect(report.licence?.id).toBe('workers-ai/flux-1-schnell');
      const tag = record(image);
      expect(tag).toMatchObject({
        written: true,
        format: 'png',
        commercialUse: 'allowed',
        parameters: false,
      });
      expect(tag.fields).toEqual(report.fields);
    }
  });

  it('writes prompt, seed, A1111 parameters, TDM reservation and creator only when asked', async () => {
    const provider = mockProvider({ provider: 'onnx', modelId: './models/sd-turbo' });
    const middleware = licenceTagging({
      includePrompt: true,
      includeSeed: true,
      a1111Parameters: true,
      tdmReservation: { policy: 'https://example.com/tdm-policy.json' },
      promptWriter: 'Ada',
      creator: ['Ada Lovelace'],
      createDate: false,
    });
    const client = createImageClient({ provider, middleware: [middleware] });
    const { images } = await client.generate({
      prompt: 'a cat',
      negativePrompt: 'blur',
      seed: 11,
      steps: 3,
      guidance: 2,
    });
    const report = readProvenance(images[0]!.bytes);
    expect(report.fields).toMatchObject({
      aiPromptInformation: 'a cat\nNegative prompt: blur',
      aiPromptWriterName: 'Ada',
      creator: ['Ada Lovelace'],
      seed: 11,
      dataMining: 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
      tdmReservation: true,
      tdmPolicy: 'https://example.com/tdm-policy.json',
      licence: 'LicenseRef-Stability-AI-Community',
    });
    expect(report.fields.createDate).toBeUndefined();
    expect(report.parameters).toBe(
      'a cat\nNegative prompt: blur\nSteps: 3, CFG scale: 2, Seed: 11, Size: 64x64, Model: ./models/sd-turbo, Version: Pictor 0.1.0',
    );
  });

  it('a1111Parameters on a JPEG: EXIF UserComment, or a warning when the JPEG has other EXIF', async () => {
    const plain = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/leonardo/phoenix-1.0',
      bytes: await makeJpeg(),
    });
    const ok = await createImageClient({
      provider: plain,
      middleware: [licenceTagging({ a1111Parameters: true })],
    }).generate({
      prompt: 'a fox',
      seed: 3,
    });
    expect(ok.warnings).toEqual([]);
    expect(record(ok.images[0]!).parameters).toBe(true);
    expect(readProvenance(ok.images[0]!.bytes).parameters).toMatch(/^a fox\n.*Seed: 3/);
    const withExif = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/leonardo/phoenix-1.0',
      bytes: await makeJpeg(24, 16, true),
    });
    const skipped = await createImageClient({
      provider: withExif,
      middleware: [licenceTagging({ a1111Parameters: true })],
    }).generate({
      prompt: 'a fox',
    });
    expect(record(skipped.images[0]!).parameters).toBe(false);
    expect(skipped.warnings).toEqual([
      expect.objectContaining({ source: 'licence-tagging', message: expect.stringMatching(/EXIF/) }),
    ]);
  });

  it('tags edits as compositeWithTrainedAlgorithmicMedia and records the input image provenance', async () => {
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/runwayml/stable-diffusion-v1-5-img2img',
    });
    const client = createImageClient({ provider, middleware: [licenceTagging({ now })] });
    const generated = await client.generate({ prompt: 'first' });
    const { images } = await client.edit({
      mode: 'img2img',
      prompt: 'second',
      image: generated.images[0]!.bytes,
    });
    expect(readProvenance(images[0]!.bytes).fields.digitalSourceType).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    );
    expect(record(images[0]!).input).toEqual({
      c2pa: false,
      aiGenerated: true,
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
  });

  it('tags JPEG and WebP outputs too, and reads the emoji model card for tfjs:emoji', async () => {
    for (const bytes of [await makeJpeg(), await makeWebp('lossy')]) {
      const provider = mockProvider({ provider: 'tfjs', modelId: 'emoji', bytes });
      const client = createImageClient({ provider, middleware: [licenceTagging({ now })] });
      const { images } = await client.generate({ prompt: 'smile' });
      const report = readProvenance(images[0]!.bytes);
      const card = JSON.parse(
        readFileSync(new URL('../../model-emoji/model-card.json', import.meta.url), 'utf8'),
      );
      const twemoji = card.training_data.find(
        (source: { licence: string }) => source.licence === 'CC-BY-4.0',
      );
      expect(report.fields.credit).toContain(twemoji.attribution);
      expect(report.fields.aiSystemVersionUsed).toBe(card.version);
      expect(record(images[0]!).licence?.trainingSources?.map((s) => s.licence)).toEqual([
        'Apache-2.0',
        'CC-BY-4.0',
      ]);
    }
  });

  it('unknown licence: warns by default (tagged without licence fields), errors before the call on request', async () => {
    const provider = mockProvider({ provider: 'onnx', modelId: './my-private-model' });
    const warned = await createImageClient({ provider, middleware: [licenceTagging()] }).generate({
      prompt: 'x',
    });
    expect(warned.warnings).toEqual([expect.objectContaining({ type: 'other', source: 'licence-tagging' })]);
    expect(readProvenance(warned.images[0]!.bytes).fields).toMatchObject({
      aiSystemUsed: './my-private-model',
    });
    expect(readProvenance(warned.images[0]!.bytes).fields.webStatement).toBeUndefined();
    const calls = provider.calls.length;
    const strict = createImageClient({
      provider,
      middleware: [licenceTagging({ onUnknownLicence: 'error' })],
    });
    const error = await strict.generate({ prompt: 'x' }).catch((caught: unknown) => caught);
    expect(LicencePolicyError.isInstance(error)).toBe(true);
    expect((error as LicencePolicyError).policy).toBe('onUnknownLicence');
    expect(provider.calls.length).toBe(calls);
  });

  it('requireCommercialUse refuses non-commercial and unknown models before calling them, allows conditional ones', async () => {
    for (const modelId of ['black-forest-labs/FLUX.1-dev', 'unknown-model']) {
      const provider = mockProvider({ provider: 'onnx', modelId });
      const client = createImageClient({
        provider,
        middleware: [licenceTagging({ requireCommercialUse: true })],
      });
      const error = await client.generate({ prompt: 'x' }).catch((caught: unknown) => caught);
      expect(LicencePolicyError.isInstance(error), modelId).toBe(true);
      expect((error as LicencePolicyError).code).toBe('licence_policy');
      expect(provider.calls).toHaveLength(0);
    }
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/stabilityai/stable-diffusion-xl-base-1.0',
    });
    const client = createImageClient({
      provider,
      middleware: [licenceTagging({ requireCommercialUse: true })],
    });
    const { images } = await client.generate({ prompt: 'x' });
    expect(record(images[0]!).commercialUse).toBe('conditional');
    expect(readProvenance(images[0]!.bytes).fields.usageTerms).toContain('Attachment A');
  });

  it('uses per-middleware licences before the registry', async () => {
    const provider = mockProvider({ provider: 'onnx', modelId: './acme' });
    const middleware = licenceTagging({
      licences: [
        {
          id: 'acme',
          name: 'Acme Painter',
          patterns: ['onnx:*acme*'],
          spdx: 'MIT',
          licenceName: 'MIT License',
          licenceUrl: 'https://opensource.org/license/mit',
          licensor: { name: 'Acme' },
          commercialUse: 'allowed',
          outputTerms: 'No restriction.',
          conditions: [],
          confidence: 'verified',
        },
      ],
    });
    const { images, warnings } = await createImageClient({ provider, middleware: [middleware] }).generate({
      prompt: 'x',
    });
    expect(warnings).toEqual([]);
    expect(readProvenance(images[0]!.bytes).fields).toMatchObject({
      aiSystemUsed: 'Acme Painter',
      licence: 'MIT',
    });
    expect(() => licenceTagging({ licences: [{ id: 'x' } as never] })).toThrow(/licences\[0\]\.patterns/);
  });

  it('returns a JSON sidecar with the SHA-256 of the tagged file', async () => {
    const provider = mockProvider({ provider: 'workers-ai', modelId: '@cf/lykon/dreamshaper-8-lcm' });
    const client = createImageClient({ provider, middleware: [licenceTagging({ sidecar: true, now })] });
    const { images } = await client.generate({ prompt: 'x' });
    const sidecar = JSON.parse(record(images[0]!).sidecar!);
    const { createHash } = await import('node:crypto');
    expect(sidecar.file.sha256).toBe(createHash('sha256').update(images[0]!.bytes).digest('hex'));
    expect(sidecar.provenance.aiSystemUsed).toBe('DreamShaper 8 LCM');
    expect(sidecar.licence.id).toBe('workers-ai/dreamshaper-8-lcm');
  });
});

describe('middlewareFromConfig', () => {
  it('builds the middleware from config through core, and names the bad field', async () => {
    registerMiddleware({ name: 'licence-tagging', create: middlewareFromConfig });
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
    });
    const direct = middlewareFromConfig(
      { includePrompt: true },
      { env: {}, field: 'middleware[0]', resolveProvider: async () => provider },
    );
    expect((await direct).name).toBe('licence-tagging');
    let error: unknown;
    try {
      await middlewareFromConfig(
        { onUnknownLicence: 'maybe' },
        { env: {}, field: 'middleware[1]', resolveProvider: async () => provider },
      );
    } catch (caught) {
      error = caught;
    }
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('middleware[1].onUnknownLicence');
    const unknown = await Promise.resolve(
      middlewareFromConfig(
        { nope: true },
        { env: {}, field: 'middleware[2]', resolveProvider: async () => provider },
      ),
    ).catch((caught: unknown) => caught);
    expect((unknown as InvalidRequestError).field).toBe('middleware[2].nope');
    registerProvider({ id: 'lt-mock', create: () => provider });
    const client = await createImageClientFromConfig({
      provider: 'lt-mock:flux',
      middleware: [{ use: 'retry' }, { use: 'licence-tagging', tdmReservation: true }],
    });
    const { images } = await client.generate({ prompt: 'x' });
    expect(readProvenance(images[0]!.bytes).fields.tdmReservation).toBe(true);
    const bad = await createImageClientFromConfig({
      provider: 'lt-mock:flux',
      middleware: [{ use: 'retry' }, { use: 'licence-tagging', requireCommercialUse: 'yes' }],
    }).catch((caught: unknown) => caught);
    expect((bad as InvalidRequestError).field).toBe('middleware[1].requireCommercialUse');
  });
});
