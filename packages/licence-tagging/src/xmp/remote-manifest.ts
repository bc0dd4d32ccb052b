import { readXmpProperties } from './read-xmp.js';

const PROVENANCE = /(?:dcterms:provenance|\{http:\/\/purl\.org\/dc\/terms\/\}provenance)/;

/**
 * The URL of a remote C2PA manifest that an XMP packet references in `dcterms:provenance` (how C2PA
 * binds a manifest stored outside the file), or undefined. A packet the parser refuses still counts
 * when it names the property, so an unreadable packet never hides a manifest.
 */
export function remoteManifestOf(packet: string | undefined): string | undefined {
  if (packet === undefined || !packet.includes('provenance')) return undefined;
  try {
    const value = readXmpProperties(packet)['dcterms:provenance'];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  } catch {
    return PROVENANCE.test(packet) ? '(unreadable XMP)' : undefined;
  }
}
