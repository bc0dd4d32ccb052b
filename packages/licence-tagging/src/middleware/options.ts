import { z } from 'zod';
import type { C2paSigner } from '../c2pa/signer.js';
import type { ModelLicence } from '../registry/model-licence.js';
import type { ModelLicenceRegistry } from '../registry/registry.js';

/** Options of `licenceTagging()`. Every privacy-relevant field is off by default. */
export interface LicenceTaggingOptions {
  /** Write the prompt (and negative prompt) as `Iptc4xmpExt:AIPromptInformation`. Default false: prompts can be private. */
  includePrompt?: boolean;
  /** Write the seed as `pictor:Seed`. Default false. */
  includeSeed?: boolean;
  /** `Iptc4xmpExt:AIPromptWriterName`: who wrote the prompt. Written only when given. */
  promptWriter?: string;
  /** `dc:creator`: human creators, when known. Written only when given. */
  creator?: string[];
  /** Overrides the `dc:rights` copyright notice built from the licence. */
  copyrightNotice?: string;
  /**
   * Reserve text-and-data-mining rights: writes `plus:DataMining` = `DMI-PROHIBITED` and TDMRep
   * `tdm:reservation` = 1 (with `tdm:policy` when a policy URL is given). Default false.
   */
  tdmReservation?: boolean | { policy?: string };
  /**
   * Also write an AUTOMATIC1111-style `parameters` text chunk (PNG) for tools such as Civitai.
   * It contains the prompt, negative prompt, steps, guidance, seed and size. Default false.
   */
  a1111Parameters?: boolean;
  /** Return a JSON sidecar (string) in the annotation's `sidecar`. Default false. */
  sidecar?: boolean;
  /** Refuse (`LicencePolicyError`) a model whose licence is non-commercial or unknown. Default false. */
  requireCommercialUse?: boolean;
  /** A model not in the registry: `'warn'` (default: a warning, tagged without licence fields) or `'error'`. */
  onUnknownLicence?: 'warn' | 'error';
  /** An image that already carries a C2PA manifest: `'skip'` (default: left as is, reported) or `'error'`. */
  onC2pa?: 'skip' | 'error';
  /** Write `xmp:CreateDate`. Default true. */
  createDate?: boolean;
  /** The clock for `xmp:CreateDate` (tests inject it). */
  now?: () => Date;
  /** `Iptc4xmpExt:AISystemVersionUsed`. Default: the model card version, or the model id. */
  systemVersion?: string;
  /** Extra licence entries, looked up before the registry. */
  licences?: ModelLicence[];
  /** The registry to use. Default: the default registry (which `registerModelLicence` extends). */
  registry?: ModelLicenceRegistry;
  /** Sign a C2PA manifest after the XMP is written (see `createC2paSigner`). */
  c2pa?: C2paSigner;
}

/** The zod schema of the options accepted in config (`{ use: 'licence-tagging', ... }`). */
export const licenceTaggingConfigSchema = z
  .object({
    includePrompt: z.boolean().optional(),
    includeSeed: z.boolean().optional(),
    promptWriter: z.string().min(1).optional(),
    creator: z.array(z.string().min(1)).optional(),
    copyrightNotice: z.string().min(1).optional(),
    tdmReservation: z.union([z.boolean(), z.object({ policy: z.url().optional() }).strict()]).optional(),
    a1111Parameters: z.boolean().optional(),
    sidecar: z.boolean().optional(),
    requireCommercialUse: z.boolean().optional(),
    onUnknownLicence: z.enum(['warn', 'error']).optional(),
    onC2pa: z.enum(['skip', 'error']).optional(),
    createDate: z.boolean().optional(),
    systemVersion: z.string().min(1).optional(),
  })
  .strict();
