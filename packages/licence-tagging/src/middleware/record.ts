import type { ImageFormat } from '../formats/detect.js';
import type { CommercialUse, ModelLicence } from '../registry/model-licence.js';
import type { WatermarkBinding } from '../watermark-binding.js';
import type { ProvenanceFields } from '../xmp/fields.js';

/** What `licenceTagging()` puts on `image.annotations['licence-tagging']`. */
export interface LicenceTaggingRecord {
  /** Whether the XMP was written into the bytes. */
  written: boolean;
  /** Why nothing was written: the image already carried a C2PA manifest, which a change would break. */
  skipped?: 'c2pa';
  /** What the writer reported about the file (an AFCP trailer whose offsets the insertion shifted…). */
  warnings?: string[];
  format: ImageFormat;
  /** The provider and model that made the image. */
  provider: string;
  modelId: string;
  /** The fields written (or that would have been written) as XMP. */
  fields: ProvenanceFields;
  /** The model's licence, when the registry knows it. */
  licence: ModelLicence | undefined;
  /** `licence?.commercialUse`, or `'unknown'`. */
  commercialUse: CommercialUse;
  /** Whether the AUTOMATIC1111 `parameters` text was written. */
  parameters: boolean;
  /** Whether the packet spilled into Extended XMP (JPEG). */
  extendedXmp: boolean;
  /** For edits: what the input image carried. */
  input?: { c2pa: boolean; aiGenerated: boolean; digitalSourceType?: string };
  /** The watermark the pixels carry (from `watermark()`), bound into the XMP and the C2PA manifest. */
  watermark?: WatermarkBinding;
  /** The C2PA manifest signed after the XMP, when `c2pa` was set. */
  c2pa?: { signed: true; label: string | undefined; signer: string };
  /** The JSON sidecar, when `sidecar` was set. */
  sidecar?: string;
}

/** The JSON sidecar for one image: the record plus the SHA-256 of the tagged file. */
export function sidecarJson(
  record: Omit<LicenceTaggingRecord, 'sidecar'>,
  sha256: string,
  mediaType: string,
): string {
  const { fields, licence, provider, modelId, commercialUse, c2pa } = record;
  return JSON.stringify(
    {
      $schema: 'https://ns.pictor.dev/sidecar/1.0.json',
      file: { sha256, mediaType },
      generator: { provider, modelId },
      provenance: fields,
      licence: licence ?? null,
      commercialUse,
      c2pa: c2pa ?? null,
    },
    null,
    2,
  );
}
