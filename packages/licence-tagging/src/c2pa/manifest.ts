import { softBindingAssertion, type WatermarkBinding } from '../watermark-binding.js';
import type { ProvenanceFields } from '../xmp/fields.js';
import type { C2paManifestDefinition } from './signer.js';

/** What the C2PA manifest says about an image. */
export interface C2paManifestInput {
  fields: ProvenanceFields;
  mediaType: string;
  /** The software agent (`{ name, version }`). */
  softwareAgent: { name: string; version: string };
  /** Whether text-and-data mining / AI training is reserved. */
  tdmReservation: boolean;
  /** The watermark in the pixels, when there is one: added as the `dev.pictor.soft-binding` assertion. */
  watermark?: WatermarkBinding;
}

/**
 * The manifest definition: `c2pa.actions.v2` with `c2pa.created` (digital source type and
 * software agent), a CAWG `stds.iptc` metadata assertion carrying the same IPTC fields as the XMP,
 * `cawg.training-mining` from the TDM policy, and — when the pixels carry a watermark — a soft
 * binding (`dev.pictor.soft-binding`: algorithm and record id).
 */
export function c2paManifest(input: C2paManifestInput): C2paManifestDefinition {
  const { fields, softwareAgent } = input;
  const iptc: Record<string, unknown> = {
    '@context': {
      Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
      dc: 'http://purl.org/dc/elements/1.1/',
      xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
      plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
    },
  };
  if (fields.digitalSourceType) iptc['Iptc4xmpExt:DigitalSourceType'] = fields.digitalSourceType;
  if (fields.aiSystemUsed) iptc['Iptc4xmpExt:AISystemUsed'] = fields.aiSystemUsed;
  if (fields.aiSystemVersionUsed) iptc['Iptc4xmpExt:AISystemVersionUsed'] = fields.aiSystemVersionUsed;
  if (fields.rights) iptc['dc:rights'] = fields.rights;
  if (fields.webStatement) iptc['xmpRights:WebStatement'] = fields.webStatement;
  if (fields.usageTerms) iptc['xmpRights:UsageTerms'] = fields.usageTerms;
  const use = input.tdmReservation ? 'notAllowed' : 'allowed';
  const assertions: Record<string, unknown>[] = [
    {
      label: 'c2pa.actions.v2',
      data: {
        actions: [{ action: 'c2pa.created', digitalSourceType: fields.digitalSourceType, softwareAgent }],
      },
    },
    { label: 'stds.iptc', data: iptc },
    {
      label: 'cawg.training-mining',
      data: {
        entries: {
          'cawg.data_mining': { use },
          'cawg.ai_inference': { use },
          'cawg.ai_generative_training': { use },
          'cawg.ai_training': { use },
        },
      },
    },
  ];
  if (input.watermark) assertions.push(softBindingAssertion(input.watermark));
  return { claim_generator_info: [softwareAgent], format: input.mediaType, assertions };
}
