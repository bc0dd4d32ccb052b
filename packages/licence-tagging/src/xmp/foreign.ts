import type { ProvenanceFields } from './fields.js';
import { NS, prefixOf } from './namespaces.js';
import { escapeXml, parseXml, type XmlElement, XmlError } from './xml.js';

/** Properties of another tool's XMP packet to carry over into ours, as raw XML. */
export interface ForeignXmp {
  /** One XML element per property, as written in the original packet. */
  properties: string[];
  /** The namespace declarations those elements need, sorted by prefix. */
  namespaces: [string, string][];
}

/** Properties this package always manages: dropped from an old packet even when not written now. */
const ALWAYS_OWNED = new Set([
  'Iptc4xmpExt:DigitalSourceType',
  'Iptc4xmpExt:AISystemUsed',
  'Iptc4xmpExt:AISystemVersionUsed',
  'Iptc4xmpExt:AIPromptInformation',
  'Iptc4xmpExt:AIPromptWriterName',
  'plus:DataMining',
  'tdm:reservation',
  'tdm:policy',
  'xmp:CreatorTool',
  'xmp:CreateDate',
  'xmpNote:HasExtendedXMP',
]);

/** The XMP property each field is written as. */
const FIELD_PROPERTY: Record<keyof ProvenanceFields, string> = {
  digitalSourceType: 'Iptc4xmpExt:DigitalSourceType',
  aiSystemUsed: 'Iptc4xmpExt:AISystemUsed',
  aiSystemVersionUsed: 'Iptc4xmpExt:AISystemVersionUsed',
  aiPromptInformation: 'Iptc4xmpExt:AIPromptInformation',
  aiPromptWriterName: 'Iptc4xmpExt:AIPromptWriterName',
  creator: 'dc:creator',
  rights: 'dc:rights',
  usageTerms: 'xmpRights:UsageTerms',
  webStatement: 'xmpRights:WebStatement',
  licensors: 'plus:Licensor',
  credit: 'photoshop:Credit',
  dataMining: 'plus:DataMining',
  otherConstraints: 'plus:OtherConstraints',
  tdmReservation: 'tdm:reservation',
  tdmPolicy: 'tdm:policy',
  creatorTool: 'xmp:CreatorTool',
  createDate: 'xmp:CreateDate',
  provider: 'pictor:Provider',
  model: 'pictor:Model',
  licence: 'pictor:Licence',
  seed: 'pictor:Seed',
  watermarkAlgorithm: 'pictor:WatermarkAlgorithm',
  watermarkRecordId: 'pictor:WatermarkRecordId',
  watermarkKeyId: 'pictor:WatermarkKeyId',
};

function isOwned(ns: string, name: string, fields: ProvenanceFields): boolean {
  if (ns === NS.pictor) return true;
  const prefix = prefixOf(ns);
  if (!prefix) return false;
  const key = `${prefix}:${name}`;
  if (ALWAYS_OWNED.has(key)) return true;
  return (Object.keys(fields) as (keyof ProvenanceFields)[]).some(
    (field) => fields[field] !== undefined && FIELD_PROPERTY[field] === key,
  );
}

const PREFIX_USE = /(?:<\/?|\s)([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*/g;
const XMLNS_DECLARATION = /\sxmlns:([A-Za-z_][\w.-]*)\s*=/g;

function descriptions(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length) {
    const element = stack.pop()!;
    if (element.ns === NS.rdf && element.name === 'Description') out.push(element);
    else for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]!);
  }
  return out;
}

/**
 * The properties of an existing XMP packet that `fields` do not replace and this package does not
 * manage (a photographer's `dc:creator`, `photoshop:City`, another tool's namespace…), so that
 * tagging keeps them. A property whose prefix clashes with ours is dropped; an unreadable packet
 * gives nothing.
 */
export function foreignProperties(packet: string | undefined, fields: ProvenanceFields): ForeignXmp {
  const foreign: ForeignXmp = { properties: [], namespaces: [] };
  if (!packet) return foreign;
  let root: XmlElement;
  try {
    root = parseXml(packet);
  } catch (error) {
    if (error instanceof XmlError) return foreign;
    throw error;
  }
  const declared = new Map<string, string>([
    ['rdf', NS.rdf],
    ['x', NS.x],
  ]);
  const seen = new Set<string>();
  const accept = (needed: Map<string, string>, key: string, xml: string) => {
    if (seen.has(key)) return;
    for (const [prefix, uri] of needed) {
      const ours = (NS as Record<string, string>)[prefix];
      if ((ours !== undefined && ours !== uri) || (declared.has(prefix) && declared.get(prefix) !== uri))
        return;
    }
    for (const [prefix, uri] of needed) declared.set(prefix, uri);
    seen.add(key);
    foreign.properties.push(xml);
  };
  for (const description of descriptions(root)) {
    for (const [key, value] of description.attributes) {
      const match = /^\{(.*)\}(.*)$/.exec(key)!;
      const [ns, name] = [match[1]!, match[2]!];
      const qname = description.attributeNames.get(key) ?? '';
      if (!qname.includes(':') || ns === NS.rdf || ns === NS.xml || isOwned(ns, name, fields)) continue;
      accept(new Map([[qname.split(':')[0]!, ns]]), key, `<${qname}>${escapeXml(value)}</${qname}>`);
    }
    for (const child of description.children) {
      if (isOwned(child.ns, child.name, fields)) continue;
      const xml = packet.slice(child.start, child.end);
      const needed = new Map<string, string>();
      let complete = true;
      // The prefixes declared inside the element, collected in one pass: a text naming many prefixes
      // must not rescan the element for each of them.
      const declaredInside = new Set<string>();
      for (const declaration of xml.matchAll(XMLNS_DECLARATION)) declaredInside.add(declaration[1]!);
      for (const use of xml.matchAll(PREFIX_USE)) {
        const prefix = use[1]!;
        if (prefix === 'xml' || prefix === 'xmlns' || needed.has(prefix)) continue;
        const uri = child.scope.get(prefix);
        if (uri !== undefined) needed.set(prefix, uri);
        else if (!declaredInside.has(prefix)) {
          complete = false;
          break;
        }
      }
      if (complete && xml.startsWith('<') && child.scope.get('') === undefined)
        accept(needed, `{${child.ns}}${child.name}`, xml);
    }
  }
  for (const [prefix, uri] of declared)
    if (prefix !== 'rdf' && prefix !== 'x') foreign.namespaces.push([prefix, uri]);
  foreign.namespaces.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return foreign;
}

/** Both packets' foreign properties (JPEG standard + Extended XMP); `b`'s are dropped on a prefix clash. */
export function mergeForeign(a: ForeignXmp, b: ForeignXmp): ForeignXmp {
  const namespaces = new Map(a.namespaces);
  if (b.namespaces.some(([prefix, uri]) => namespaces.has(prefix) && namespaces.get(prefix) !== uri))
    return a;
  for (const [prefix, uri] of b.namespaces) namespaces.set(prefix, uri);
  return {
    properties: [...a.properties, ...b.properties.filter((property) => !a.properties.includes(property))],
    namespaces: [...namespaces].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
  };
}
