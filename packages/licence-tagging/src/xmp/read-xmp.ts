import type { Licensor, ProvenanceFields } from './fields.js';
import { NS, prefixOf } from './namespaces.js';
import { parseXml, type XmlElement } from './xml.js';

/** An XMP property value: simple text, an array (Seq/Bag/Alt, x-default first), or structures. */
export type XmpValue = string | string[] | Record<string, string>[];

/** Every property of an XMP packet, keyed `prefix:Name` (or `{namespace}Name` for unknown namespaces). */
export type XmpProperties = Record<string, XmpValue>;

const RDF = NS.rdf;

function keyOf(ns: string, name: string): string {
  const prefix = prefixOf(ns);
  return prefix ? `${prefix}:${name}` : `{${ns}}${name}`;
}

function findAll(element: XmlElement, ns: string, name: string, out: XmlElement[] = []): XmlElement[] {
  const stack = [element];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.ns === ns && current.name === name) out.push(current);
    else for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return out;
}

function structOf(element: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  const holder =
    element.children.find((child) => child.ns === RDF && child.name === 'Description') ?? element;
  for (const [key, value] of holder.attributes) {
    const match = /^\{(.*)\}(.*)$/.exec(key)!;
    if (match[1] !== RDF && match[1] !== NS.xml) out[keyOf(match[1]!, match[2]!)] = value;
  }
  for (const child of holder.children) out[keyOf(child.ns, child.name)] = child.text;
  return out;
}

function propertyValue(property: XmlElement): XmpValue {
  const container = property.children.find(
    (child) => child.ns === RDF && (child.name === 'Alt' || child.name === 'Seq' || child.name === 'Bag'),
  );
  if (!container) {
    const resource = property.attributes.get(`{${RDF}}resource`);
    if (resource !== undefined) return resource;
    if (property.attributes.get(`{${RDF}}parseType`) === 'Resource' || property.children.length) {
      return [structOf(property)];
    }
    return property.text;
  }
  const items = container.children.filter((child) => child.ns === RDF && child.name === 'li');
  const isStruct = items.some(
    (item) => item.attributes.get(`{${RDF}}parseType`) === 'Resource' || item.children.length > 0,
  );
  if (isStruct) return items.map(structOf);
  if (container.name === 'Alt') {
    const xDefault = items.findIndex((item) => item.attributes.get(`{${NS.xml}}lang`) === 'x-default');
    if (xDefault > 0) items.unshift(...items.splice(xDefault, 1));
  }
  return items.map((item) => item.text);
}

/** Reads every property of an XMP packet. Throws `XmlError` when the packet is not XML. */
export function readXmpProperties(packet: string): XmpProperties {
  const root = parseXml(packet);
  const properties: XmpProperties = {};
  for (const description of findAll(root, RDF, 'Description')) {
    for (const [key, value] of description.attributes) {
      const match = /^\{(.*)\}(.*)$/.exec(key)!;
      if (match[1] === RDF || match[1] === NS.xml || match[1] === '') continue;
      properties[keyOf(match[1]!, match[2]!)] ??= value;
    }
    for (const child of description.children)
      properties[keyOf(child.ns, child.name)] ??= propertyValue(child);
  }
  return properties;
}

function first(value: XmpValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  const item = value[0];
  return typeof item === 'string' ? item : undefined;
}

/** Maps XMP properties onto `ProvenanceFields` (fields that are absent stay undefined). */
export function fieldsFromProperties(properties: XmpProperties): ProvenanceFields {
  const fields: ProvenanceFields = {};
  const set = <K extends keyof ProvenanceFields>(key: K, value: ProvenanceFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  set('digitalSourceType', first(properties['Iptc4xmpExt:DigitalSourceType']));
  set('aiSystemUsed', first(properties['Iptc4xmpExt:AISystemUsed']));
  set('aiSystemVersionUsed', first(properties['Iptc4xmpExt:AISystemVersionUsed']));
  set('aiPromptInformation', first(properties['Iptc4xmpExt:AIPromptInformation']));
  set('aiPromptWriterName', first(properties['Iptc4xmpExt:AIPromptWriterName']));
  const creator = properties['dc:creator'];
  if (Array.isArray(creator))
    set(
      'creator',
      creator.filter((item): item is string => typeof item === 'string'),
    );
  set('rights', first(properties['dc:rights']));
  set('usageTerms', first(properties['xmpRights:UsageTerms']));
  set('webStatement', first(properties['xmpRights:WebStatement']));
  const licensors = properties['plus:Licensor'];
  if (Array.isArray(licensors)) {
    set(
      'licensors',
      licensors
        .filter((item): item is Record<string, string> => typeof item === 'object')
        .map((item) => {
          const licensor: Licensor = {};
          if (item['plus:LicensorName'] !== undefined) licensor.name = item['plus:LicensorName'];
          if (item['plus:LicensorURL'] !== undefined) licensor.url = item['plus:LicensorURL'];
          return licensor;
        }),
    );
  }
  set('credit', first(properties['photoshop:Credit']));
  set('dataMining', first(properties['plus:DataMining']));
  set('otherConstraints', first(properties['plus:OtherConstraints']));
  const reservation = first(properties['tdm:reservation']);
  if (reservation === '1' || reservation === '0') fields.tdmReservation = reservation === '1';
  set('tdmPolicy', first(properties['tdm:policy']));
  set('creatorTool', first(properties['xmp:CreatorTool']));
  set('createDate', first(properties['xmp:CreateDate']));
  set('provider', first(properties['pictor:Provider']));
  set('model', first(properties['pictor:Model']));
  set('licence', first(properties['pictor:Licence']));
  const seed = first(properties['pictor:Seed']);
  if (seed !== undefined && /^-?\d+$/.test(seed)) fields.seed = Number(seed);
  set('watermarkAlgorithm', first(properties['pictor:WatermarkAlgorithm']));
  set('watermarkRecordId', first(properties['pictor:WatermarkRecordId']));
  set('watermarkKeyId', first(properties['pictor:WatermarkKeyId']));
  return fields;
}
