/** A licensor (PLUS `plus:Licensor` structure). */
export interface Licensor {
  /** `plus:LicensorName`. */
  name?: string;
  /** `plus:LicensorURL`: where to obtain a licence (Google shows "Licensable" from it). */
  url?: string;
}

/**
 * The provenance and rights fields written into (and read back from) an image's XMP. The names
 * follow the IPTC Photo Metadata Standard 2025.1 and PLUS; each field says its XMP property.
 */
export interface ProvenanceFields {
  /** `Iptc4xmpExt:DigitalSourceType`: a full IPTC term URI, e.g. `http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`. */
  digitalSourceType?: string;
  /** `Iptc4xmpExt:AISystemUsed` (IPTC 2025.1): the model, e.g. `FLUX.1 [schnell] (workers-ai:@cf/black-forest-labs/flux-1-schnell)`. */
  aiSystemUsed?: string;
  /** `Iptc4xmpExt:AISystemVersionUsed` (IPTC 2025.1). */
  aiSystemVersionUsed?: string;
  /** `Iptc4xmpExt:AIPromptInformation` (IPTC 2025.1): the prompt, and `Negative prompt: …` on its own line. Opt-in. */
  aiPromptInformation?: string;
  /** `Iptc4xmpExt:AIPromptWriterName` (IPTC 2025.1): who wrote the prompt (not the image's creator). Opt-in. */
  aiPromptWriterName?: string;
  /** `dc:creator`: only when a human creator is known. */
  creator?: string[];
  /** `dc:rights` (x-default): the copyright notice. */
  rights?: string;
  /** `xmpRights:UsageTerms` (x-default): how the image may be used. */
  usageTerms?: string;
  /** `xmpRights:WebStatement`: URL of the licence that governs use. */
  webStatement?: string;
  /** `plus:Licensor`. */
  licensors?: Licensor[];
  /** `photoshop:Credit`: the credit line, used for attribution a licence requires. */
  credit?: string;
  /** `plus:DataMining`: a PLUS data-mining URI, e.g. `http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED`. */
  dataMining?: string;
  /** `plus:OtherConstraints` (x-default). */
  otherConstraints?: string;
  /** `tdm:reservation` (W3C TDMRep): `true` = text-and-data-mining rights reserved. */
  tdmReservation?: boolean;
  /** `tdm:policy` (W3C TDMRep): URL of a TDM policy. */
  tdmPolicy?: string;
  /** `xmp:CreatorTool`. */
  creatorTool?: string;
  /** `xmp:CreateDate`, ISO 8601. */
  createDate?: string;
  /** `pictor:Provider`: the provider id, e.g. `workers-ai`. */
  provider?: string;
  /** `pictor:Model`: the model id. */
  model?: string;
  /** `pictor:Licence`: SPDX id or `LicenseRef-…` of the model licence. */
  licence?: string;
  /** `pictor:Seed`. Opt-in. */
  seed?: number;
  /** `pictor:WatermarkAlgorithm`: the invisible watermark in the pixels, e.g. `dev.pictor.ssdct.1`. */
  watermarkAlgorithm?: string;
  /** `pictor:WatermarkRecordId`: the record id the watermark carries (10 hex digits). */
  watermarkRecordId?: string;
  /** `pictor:WatermarkKeyId`: the public id of the key that marked it (never the key). */
  watermarkKeyId?: string;
}

/** The fields moved to Extended XMP when a JPEG's standard packet would not fit one segment. */
export const BULKY_FIELDS = [
  'aiPromptInformation',
  'usageTerms',
  'otherConstraints',
  'credit',
  'rights',
] as const;
