/** Whether a model may be used commercially to make images, as far as its licence and terms say. */
export type CommercialUse =
  /** Allowed without conditions beyond the licence's notices. */
  | 'allowed'
  /** Allowed under conditions (use restrictions, hosted terms of service, revenue caps…): see `conditions`. */
  | 'conditional'
  /** The licence does not allow commercial use of the model (outputs may still be usable: see `conditions`). */
  | 'non-commercial'
  /** Not known. */
  | 'unknown';

/** A data source a model was trained on, with its licence (from the model card). */
export interface TrainingSource {
  name: string;
  licence: string;
  licenceUrl?: string;
  /** The attribution the source's licence asks for. */
  attribution?: string;
}

/**
 * What the registry knows about one model's licence: plain data, so users can add and override
 * entries (`registerModelLicence`) and tools can print them.
 */
export interface ModelLicence {
  /** Stable registry id, e.g. `flux-1-schnell`. */
  id: string;
  /** Human name of the model, written as `AISystemUsed`. */
  name: string;
  /** The model's version, written as `AISystemVersionUsed` (default: the model id). */
  version?: string;
  /**
   * `provider:model` glob patterns (case-insensitive, `*` matches any run of characters), e.g.
   * `workers-ai:@cf/black-forest-labs/flux-1-schnell` or `onnx:*sd-turbo*`.
   */
  patterns: string[];
  /** SPDX licence id, or `LicenseRef-…` where SPDX has none. */
  spdx: string;
  /** The licence's name. */
  licenceName: string;
  /** URL of the licence text (written as `xmpRights:WebStatement`). */
  licenceUrl: string;
  /** Who licenses the model (written as `plus:Licensor`). */
  licensor: { name: string; url?: string };
  /** Commercial use, see `CommercialUse`. */
  commercialUse: CommercialUse;
  /** What the licence says about outputs, in one or two sentences (written as `xmpRights:UsageTerms`). */
  outputTerms: string;
  /** Conditions that apply to use or to outputs (e.g. FLUX [dev] §2(e) disclosure). */
  conditions: string[];
  /** Attribution that outputs should carry (written as `photoshop:Credit`). */
  attribution?: string;
  /** Hosted terms of service that govern the model when called through a provider. */
  hostedTerms?: { name: string; url: string };
  /** Training data sources and their licences, when the model card states them. */
  trainingSources?: TrainingSource[];
  /** A JSON model card to read at run time (module specifier), refreshing the fields above when present. */
  modelCard?: string;
  /** `verified` when every field comes from the licence text or the vendor's docs; `unverified` otherwise. */
  confidence: 'verified' | 'unverified';
}
