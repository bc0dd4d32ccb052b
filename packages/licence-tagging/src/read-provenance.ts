import type { TextEntry } from './formats/container.js';
import { type ImageFormat, mediaTypeOf, readContainer } from './formats/detect.js';
import type { ModelLicence } from './registry/model-licence.js';
import { defaultModelLicenceRegistry, type ModelLicenceRegistry } from './registry/registry.js';
import { type WatermarkBinding, watermarkBindingOf } from './watermark-binding.js';
import type { ProvenanceFields } from './xmp/fields.js';
import { DIGITAL_SOURCE_TYPE } from './xmp/namespaces.js';
import { fieldsFromProperties, readXmpProperties, type XmpProperties } from './xmp/read-xmp.js';
import { remoteManifestOf } from './xmp/remote-manifest.js';

/** What `readProvenance` finds in an image file. */
export interface ProvenanceReport {
  format: ImageFormat;
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  /** The provenance and rights fields found in the XMP (empty when there is none). */
  fields: ProvenanceFields;
  /** Every XMP property, keyed `prefix:Name`; undefined when the file has no XMP. */
  xmp: XmpProperties | undefined;
  /** Why the XMP packet could not be parsed, when it could not. */
  xmpError?: string;
  /** True when the digital source type says a trained model made (or composited) the image. */
  aiGenerated: boolean;
  /** The registry's licence for the model named in the XMP (`pictor:Provider` + `pictor:Model`). */
  licence: ModelLicence | undefined;
  /**
   * The invisible watermark the XMP record says the pixels carry (`pictor:Watermark*`), when all
   * three fields are there and well-formed. The pixels are not looked at here; `verifyProvenance`
   * detects the mark with the key.
   */
  watermark: WatermarkBinding | undefined;
  /** Whether a C2PA manifest store is present (not validated here; see `verifyProvenance`). */
  c2pa: boolean;
  /** The URL of a remote C2PA manifest the XMP references (`dcterms:provenance`), when there is one. */
  c2paRemote: string | undefined;
  /** Whether EXIF data is present. */
  exif: boolean;
  /** Whether an ICC profile is present. */
  icc: boolean;
  /** The AUTOMATIC1111 `parameters` text (PNG text chunk, or EXIF `UserComment` in JPEG/WebP), when present. */
  parameters: string | undefined;
  /** Other uncompressed text entries (PNG). */
  texts: TextEntry[];
}

/** Options of `readProvenance`. */
export interface ReadProvenanceOptions {
  /** The registry to look the model's licence up in. Default: the default registry. */
  registry?: ModelLicenceRegistry;
}

/**
 * Reads the provenance of a PNG, JPEG or WebP file: IPTC/XMP fields (Extended XMP included), the
 * model's licence record, and whether C2PA, EXIF and `parameters` data are present. Synchronous,
 * bounded, no decoding of pixels. Malformed files throw `MalformedImageError`.
 *
 * @example
 * const report = readProvenance(bytes);
 * if (report.aiGenerated) console.log(report.fields.aiSystemUsed, report.licence?.spdx);
 */
export function readProvenance(bytes: Uint8Array, options: ReadProvenanceOptions = {}): ProvenanceReport {
  const container = readContainer(bytes);
  let xmp: XmpProperties | undefined;
  let xmpError: string | undefined;
  if (container.xmp !== undefined) {
    try {
      xmp = readXmpProperties(container.xmp);
      if (container.extendedXmp !== undefined) {
        const extended = readXmpProperties(container.extendedXmp);
        for (const [key, value] of Object.entries(extended)) xmp[key] ??= value;
      }
    } catch (error) {
      xmpError = (error as Error).message;
    }
  }
  const fields = xmp ? fieldsFromProperties(xmp) : {};
  const source = fields.digitalSourceType ?? '';
  const registry = options.registry ?? defaultModelLicenceRegistry;
  const report: ProvenanceReport = {
    format: container.format,
    mediaType: mediaTypeOf(container.format),
    width: container.width,
    height: container.height,
    fields,
    xmp,
    aiGenerated:
      source === `${DIGITAL_SOURCE_TYPE}trainedAlgorithmicMedia` ||
      source === `${DIGITAL_SOURCE_TYPE}compositeWithTrainedAlgorithmicMedia`,
    licence: fields.provider && fields.model ? registry.lookup(fields.provider, fields.model) : undefined,
    watermark: watermarkBindingOf({
      algorithm: fields.watermarkAlgorithm,
      recordId: fields.watermarkRecordId,
      keyId: fields.watermarkKeyId,
    }),
    c2pa: container.c2pa,
    c2paRemote: remoteManifestOf(container.xmp),
    exif: container.exif,
    icc: container.icc,
    parameters:
      container.texts.find((entry) => entry.keyword === 'parameters')?.text ?? container.userComment,
    texts: container.texts.filter((entry) => entry.keyword !== 'parameters'),
  };
  if (xmpError !== undefined) report.xmpError = xmpError;
  return report;
}
