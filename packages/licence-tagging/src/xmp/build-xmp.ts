import type { ProvenanceFields } from './fields.js';
import type { ForeignXmp } from './foreign.js';
import { NS } from './namespaces.js';
import { escapeXml } from './xml.js';

type Prefix = keyof typeof NS;

/** Options of `buildXmpPacket`. */
export interface BuildXmpOptions {
  /** Names the Extended XMP packet (JPEG): writes `xmpNote:HasExtendedXMP`. */
  extendedGuid?: string;
  /** Wrap in `<?xpacket?>` processing instructions. Default true (false for Extended XMP). */
  wrapper?: boolean;
  /** The `x:xmptk` toolkit name. Default `Pictor`. */
  toolkit?: string;
  /** Another tool's properties to keep (see `foreignProperties`), written after ours. */
  foreign?: ForeignXmp;
}

function langAlt(value: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`;
}

/**
 * Serialises fields as an XMP packet: one `rdf:Description`, properties as elements in a fixed
 * order, only the namespaces used, no padding and no timestamps of its own, so the same fields
 * always give the same bytes.
 */
export function buildXmpPacket(fields: ProvenanceFields, options: BuildXmpOptions = {}): string {
  const used = new Set<Prefix>();
  const lines: string[] = [];
  const add = (prefix: Prefix, name: string, inner: string | undefined) => {
    if (inner === undefined) return;
    used.add(prefix);
    lines.push(`   <${prefix}:${name}>${inner}</${prefix}:${name}>`);
  };
  const text = (value: string | undefined) => (value === undefined ? undefined : escapeXml(value));
  add('Iptc4xmpExt', 'DigitalSourceType', text(fields.digitalSourceType));
  add('Iptc4xmpExt', 'AISystemUsed', text(fields.aiSystemUsed));
  add('Iptc4xmpExt', 'AISystemVersionUsed', text(fields.aiSystemVersionUsed));
  add('Iptc4xmpExt', 'AIPromptInformation', text(fields.aiPromptInformation));
  add('Iptc4xmpExt', 'AIPromptWriterName', text(fields.aiPromptWriterName));
  if (fields.creator?.length) {
    const items = fields.creator.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('');
    add('dc', 'creator', `<rdf:Seq>${items}</rdf:Seq>`);
  }
  add('dc', 'rights', fields.rights === undefined ? undefined : langAlt(fields.rights));
  add('xmpRights', 'UsageTerms', fields.usageTerms === undefined ? undefined : langAlt(fields.usageTerms));
  add('xmpRights', 'WebStatement', text(fields.webStatement));
  if (fields.licensors?.length) {
    const items = fields.licensors.map((licensor) => {
      const parts = [
        licensor.name === undefined
          ? ''
          : `<plus:LicensorName>${escapeXml(licensor.name)}</plus:LicensorName>`,
        licensor.url === undefined ? '' : `<plus:LicensorURL>${escapeXml(licensor.url)}</plus:LicensorURL>`,
      ];
      return `<rdf:li rdf:parseType="Resource">${parts.join('')}</rdf:li>`;
    });
    add('plus', 'Licensor', `<rdf:Seq>${items.join('')}</rdf:Seq>`);
  }
  add('photoshop', 'Credit', text(fields.credit));
  add('plus', 'DataMining', text(fields.dataMining));
  add(
    'plus',
    'OtherConstraints',
    fields.otherConstraints === undefined ? undefined : langAlt(fields.otherConstraints),
  );
  add(
    'tdm',
    'reservation',
    fields.tdmReservation === undefined ? undefined : fields.tdmReservation ? '1' : '0',
  );
  add('tdm', 'policy', text(fields.tdmPolicy));
  add('xmp', 'CreatorTool', text(fields.creatorTool));
  add('xmp', 'CreateDate', text(fields.createDate));
  add('pictor', 'Provider', text(fields.provider));
  add('pictor', 'Model', text(fields.model));
  add('pictor', 'Licence', text(fields.licence));
  add('pictor', 'Seed', fields.seed === undefined ? undefined : String(fields.seed));
  add('pictor', 'WatermarkAlgorithm', text(fields.watermarkAlgorithm));
  add('pictor', 'WatermarkRecordId', text(fields.watermarkRecordId));
  add('pictor', 'WatermarkKeyId', text(fields.watermarkKeyId));
  add('xmpNote', 'HasExtendedXMP', text(options.extendedGuid));
  const order = Object.keys(NS) as Prefix[];
  const namespaces: [string, string][] = order
    .filter((prefix) => used.has(prefix))
    .map((prefix) => [prefix, NS[prefix]]);
  for (const [prefix, uri] of options.foreign?.namespaces ?? []) {
    if (!namespaces.some(([known]) => known === prefix)) namespaces.push([prefix, uri]);
  }
  for (const property of options.foreign?.properties ?? []) lines.push(`   ${property}`);
  const declarations = namespaces
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${escapeXml(uri)}"`)
    .join('');
  const body = [
    `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="${escapeXml(options.toolkit ?? 'Pictor')}">`,
    ` <rdf:RDF xmlns:rdf="${NS.rdf}">`,
    `  <rdf:Description rdf:about=""${declarations}>`,
    ...lines,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
  ].join('\n');
  if (options.wrapper === false) return body;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n${body}\n<?xpacket end="w"?>`;
}
