import type {
  EditRequest,
  GeneratedImage,
  GenerateRequest,
  ImageResult,
  Middleware,
  MiddlewareContext,
  Warning,
} from '@pictor/core';
import { redactValue } from '@pictor/core';
import { toHex } from '../bytes.js';
import { c2paManifest } from '../c2pa/manifest.js';
import { LicencePolicyError } from '../errors/licence-policy-error.js';
import { readProvenance } from '../read-provenance.js';
import { resolveModelCard } from '../registry/model-card.js';
import type { ModelLicence } from '../registry/model-licence.js';
import {
  defaultModelLicenceRegistry,
  layeredRegistry,
  type ModelLicenceRegistry,
} from '../registry/registry.js';
import { VERSION } from '../version.js';
import { watermarkBindingOf } from '../watermark-binding.js';
import { writeProvenance } from '../write-provenance.js';
import { a1111Infotext } from './a1111.js';
import { buildFields } from './build-fields.js';
import type { LicenceTaggingOptions } from './options.js';
import { type LicenceTaggingRecord, sidecarJson } from './record.js';

/** The middleware's name, and the key of its annotations. */
export const LICENCE_TAGGING = 'licence-tagging';

function registryFor(options: LicenceTaggingOptions): ModelLicenceRegistry {
  const base = options.registry ?? defaultModelLicenceRegistry;
  return options.licences?.length ? layeredRegistry(options.licences, base) : base;
}

async function licenceOf(
  registry: ModelLicenceRegistry,
  provider: string,
  modelId: string,
): Promise<ModelLicence | undefined> {
  const entry = registry.lookup(provider, modelId);
  return entry ? resolveModelCard(entry) : undefined;
}

/** Applies the policies; returns a warning for an unknown licence under `onUnknownLicence: 'warn'`. */
function checkPolicy(
  licence: ModelLicence | undefined,
  provider: string,
  modelId: string,
  options: LicenceTaggingOptions,
): Warning | undefined {
  const model = `${provider}:${modelId}`;
  if (options.requireCommercialUse) {
    if (!licence) {
      throw new LicencePolicyError(
        'requireCommercialUse',
        model,
        `${model}: licence unknown; requireCommercialUse refuses it`,
      );
    }
    if (licence.commercialUse === 'non-commercial' || licence.commercialUse === 'unknown') {
      throw new LicencePolicyError(
        'requireCommercialUse',
        model,
        `${model}: ${licence.licenceName} (${licence.spdx}) does not allow commercial use; requireCommercialUse refuses it`,
      );
    }
  }
  if (!licence) {
    if (options.onUnknownLicence === 'error') {
      throw new LicencePolicyError(
        'onUnknownLicence',
        model,
        `${model}: no licence registered for this model`,
      );
    }
    return {
      type: 'other',
      message: `no licence registered for ${model}; tagged as AI-generated without licence fields (registerModelLicence adds one)`,
      source: LICENCE_TAGGING,
    };
  }
  return undefined;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

async function tagImage(
  image: GeneratedImage,
  request: GenerateRequest,
  result: ImageResult,
  licence: ModelLicence | undefined,
  context: MiddlewareContext,
  options: LicenceTaggingOptions,
  input: LicenceTaggingRecord['input'],
): Promise<GeneratedImage> {
  // The watermark `watermark()` put into the pixels (it runs inside this middleware: pixels first).
  const watermark = watermarkBindingOf(image.annotations.watermark);
  // A registered secret (an API token) is never written into a file, whatever option carried it.
  const fields = redactValue(
    buildFields(
      {
        operation: context.operation,
        provider: result.provider,
        modelId: result.modelId,
        licence,
        request,
        seed: image.seed ?? request.seed,
        version: VERSION,
        now: options.createDate === false ? undefined : (options.now?.() ?? new Date()),
      },
      options,
      watermark,
    ),
  );
  const parameters = options.a1111Parameters
    ? a1111Infotext(request, image, result.modelId, `Pictor ${VERSION}`)
    : undefined;
  const written = writeProvenance(image.bytes, fields, {
    onC2pa: options.onC2pa ?? 'skip',
    toolkit: `Pictor ${VERSION}`,
    ...(parameters === undefined ? {} : { parameters }),
  });
  let bytes = written.bytes;
  const record: LicenceTaggingRecord = {
    written: written.written,
    format: written.format,
    provider: result.provider,
    modelId: result.modelId,
    fields,
    licence,
    commercialUse: licence?.commercialUse ?? 'unknown',
    parameters: written.parametersWritten,
    extendedXmp: written.extendedXmp,
  };
  if (written.skipped) record.skipped = written.skipped;
  if (written.warnings.length) record.warnings = written.warnings;
  if (input) record.input = input;
  if (watermark) record.watermark = watermark;
  if (options.c2pa && written.written) {
    const manifest = c2paManifest({
      fields,
      mediaType: image.mediaType,
      softwareAgent: { name: 'Pictor', version: VERSION },
      tdmReservation: Boolean(options.tdmReservation),
      ...(watermark ? { watermark } : {}),
    });
    const signed = await options.c2pa.sign(bytes, image.mediaType, manifest);
    bytes = signed.bytes;
    record.c2pa = { signed: true, label: signed.label, signer: options.c2pa.name };
  }
  if (options.sidecar) record.sidecar = sidecarJson(record, await sha256Hex(bytes), image.mediaType);
  return { ...image, bytes, annotations: { ...image.annotations, [LICENCE_TAGGING]: record } };
}

function inputProvenance(request: EditRequest): LicenceTaggingRecord['input'] {
  if (!(request.image instanceof Uint8Array)) return undefined;
  try {
    const report = readProvenance(request.image);
    const input: NonNullable<LicenceTaggingRecord['input']> = {
      c2pa: report.c2pa || report.c2paRemote !== undefined,
      aiGenerated: report.aiGenerated,
    };
    if (report.fields.digitalSourceType) input.digitalSourceType = report.fields.digitalSourceType;
    return input;
  } catch {
    return undefined;
  }
}

/**
 * Tags every image with where it came from and under which licence, inside the file: IPTC
 * `DigitalSourceType` (`trainedAlgorithmicMedia`, or `compositeWithTrainedAlgorithmicMedia` for
 * edits), the IPTC 2025.1 AI fields, rights from the model licence registry, and optionally the
 * prompt, the seed, a TDM reservation, an AUTOMATIC1111 `parameters` chunk, a JSON sidecar and a
 * signed C2PA manifest. The same record lands on `image.annotations['licence-tagging']`.
 * Licence policies are checked before the provider is called.
 *
 * @example
 * const client = createImageClient({
 *   provider: workersAI('@cf/black-forest-labs/flux-1-schnell'),
 *   middleware: [licenceTagging({ requireCommercialUse: true, tdmReservation: true })],
 * });
 * const { images } = await client.generate({ prompt: 'a lighthouse at dusk' });
 * images[0].annotations['licence-tagging']; // { fields, licence, written: true, ... }
 */
export function licenceTagging(options: LicenceTaggingOptions = {}): Middleware {
  const registry = registryFor(options);
  const run = async (
    call: () => Promise<ImageResult>,
    request: GenerateRequest,
    context: MiddlewareContext,
    input: LicenceTaggingRecord['input'],
  ): Promise<ImageResult> => {
    checkPolicy(
      await licenceOf(registry, context.provider, context.modelId),
      context.provider,
      context.modelId,
      options,
    );
    const result = await call();
    const licence = await licenceOf(registry, result.provider, result.modelId);
    const warning = checkPolicy(licence, result.provider, result.modelId, options);
    const images: GeneratedImage[] = [];
    for (const image of result.images)
      images.push(await tagImage(image, request, result, licence, context, options, input));
    const warnings = warning ? [...result.warnings, warning] : [...result.warnings];
    const skipped = images.filter(
      (image) => (image.annotations[LICENCE_TAGGING] as LicenceTaggingRecord).skipped,
    );
    if (skipped.length) {
      warnings.push({
        type: 'other',
        message: `${skipped.length} image(s) already carry (or reference) a C2PA manifest; left unchanged so the manifest stays valid`,
        source: LICENCE_TAGGING,
      });
    }
    const noParameters = images.filter((image) => {
      const record = image.annotations[LICENCE_TAGGING] as LicenceTaggingRecord;
      return options.a1111Parameters && record.written && !record.parameters;
    });
    const writeWarnings = new Set(
      images.flatMap((image) => (image.annotations[LICENCE_TAGGING] as LicenceTaggingRecord).warnings ?? []),
    );
    for (const message of writeWarnings) warnings.push({ type: 'other', message, source: LICENCE_TAGGING });
    if (noParameters.length) {
      warnings.push({
        type: 'other',
        message: `${noParameters.length} image(s) carry another tool's EXIF; the AUTOMATIC1111 parameters were not written into it`,
        source: LICENCE_TAGGING,
      });
    }
    if (warning) context.log('warn', warning.type === 'other' ? warning.message : 'unknown licence');
    return { ...result, images, warnings };
  };
  return {
    name: LICENCE_TAGGING,
    wrapGenerate: (next, request, context) => run(() => next(request), request, context, undefined),
    wrapEdit: (next, request, context) =>
      run(() => next(request), request, context, inputProvenance(request)),
  };
}
