import type { GenerateRequest } from '@pictor/core';
import type { ModelLicence } from '../registry/model-licence.js';
import type { WatermarkBinding } from '../watermark-binding.js';
import type { ProvenanceFields } from '../xmp/fields.js';
import { DIGITAL_SOURCE_TYPE, PLUS_DATA_MINING } from '../xmp/namespaces.js';
import type { LicenceTaggingOptions } from './options.js';

/** What the fields are built from. */
export interface FieldSources {
  operation: 'generate' | 'edit';
  provider: string;
  modelId: string;
  licence: ModelLicence | undefined;
  request: GenerateRequest;
  seed: number | undefined;
  version: string;
  now: Date | undefined;
}

function promptInformation(request: GenerateRequest): string {
  return request.negativePrompt
    ? `${request.prompt}\nNegative prompt: ${request.negativePrompt}`
    : request.prompt;
}

function copyrightNotice(licence: ModelLicence | undefined): string {
  const base = 'AI-generated image; it may not be protected by copyright.';
  return licence
    ? `${base} Made with ${licence.name}, licensed under ${licence.licenceName} (${licence.spdx}).`
    : base;
}

/** The XMP fields `licenceTagging()` writes for one image. */
export function buildFields(
  sources: FieldSources,
  options: LicenceTaggingOptions,
  watermark?: WatermarkBinding,
): ProvenanceFields {
  const { licence, request } = sources;
  const fields: ProvenanceFields = {
    digitalSourceType: `${DIGITAL_SOURCE_TYPE}${sources.operation === 'edit' ? 'compositeWithTrainedAlgorithmicMedia' : 'trainedAlgorithmicMedia'}`,
    aiSystemUsed: licence?.name ?? sources.modelId,
    aiSystemVersionUsed: options.systemVersion ?? licence?.version ?? sources.modelId,
  };
  if (options.includePrompt) fields.aiPromptInformation = promptInformation(request);
  if (options.promptWriter !== undefined) fields.aiPromptWriterName = options.promptWriter;
  if (options.creator?.length) fields.creator = [...options.creator];
  fields.rights = options.copyrightNotice ?? copyrightNotice(licence);
  if (licence) {
    const terms = licence.conditions.length
      ? `${licence.outputTerms} Conditions: ${licence.conditions.join('; ')}.`
      : licence.outputTerms;
    fields.usageTerms = terms;
    fields.webStatement = licence.licenceUrl;
    fields.licensors = [{ name: licence.licensor.name, url: licence.licensor.url ?? licence.licenceUrl }];
    if (licence.attribution) fields.credit = licence.attribution;
  }
  if (options.tdmReservation) {
    fields.dataMining = `${PLUS_DATA_MINING}DMI-PROHIBITED`;
    fields.tdmReservation = true;
    if (typeof options.tdmReservation === 'object' && options.tdmReservation.policy) {
      fields.tdmPolicy = options.tdmReservation.policy;
    }
  }
  fields.creatorTool = `Pictor ${sources.version}`;
  if (sources.now) fields.createDate = sources.now.toISOString();
  fields.provider = sources.provider;
  fields.model = sources.modelId;
  if (licence) fields.licence = licence.spdx;
  if (options.includeSeed && sources.seed !== undefined) fields.seed = sources.seed;
  if (watermark) {
    fields.watermarkAlgorithm = watermark.algorithm;
    fields.watermarkRecordId = watermark.recordId;
    fields.watermarkKeyId = watermark.keyId;
  }
  return fields;
}
