/** XMP namespaces written and read by this package, by their conventional prefix. */
export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  dc: 'http://purl.org/dc/elements/1.1/',
  /** DCMI terms: `dcterms:provenance` is where a C2PA remote manifest URL is referenced (C2PA 2.x, 11.3). */
  dcterms: 'http://purl.org/dc/terms/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  /** W3C TDM Reservation Protocol (TDMRep) XMP properties `tdm:reservation` and `tdm:policy`. */
  tdm: 'http://www.w3.org/ns/tdmrep/',
  /** Pictor's own properties: provider, model, licence id, seed, the watermark binding. */
  pictor: 'https://ns.pictor.dev/xmp/1.0/',
} as const;

/** The IPTC Digital Source Type vocabulary (the canonical term URIs use `http://`). */
export const DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** The PLUS data-mining vocabulary (`plus:DataMining` values). */
export const PLUS_DATA_MINING = 'http://ns.useplus.org/ldf/vocab/';

const PREFIXES = new Map<string, string>(Object.entries(NS).map(([prefix, uri]) => [uri, prefix]));

/** The prefix for a namespace URI, when it is one of ours. */
export function prefixOf(uri: string): string | undefined {
  return PREFIXES.get(uri);
}
