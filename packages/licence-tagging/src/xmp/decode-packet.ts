// XMP packets may be UTF-8, UTF-16 or UTF-32, big- or little-endian (XMP specification part 1,
// 7.3.2: the packet's encoding is that of its `<?xpacket begin="U+FEFF"` header; part 3 allows any
// of them in JPEG APP1 and WebP). This turns packet bytes into text before the XML parser sees them.

/** The Unicode encodings an XMP packet may use. */
export type XmpEncoding = 'utf-8' | 'utf-16be' | 'utf-16le' | 'utf-32be' | 'utf-32le';

/** The encoding of a packet, from a byte-order mark or the pattern of its first character (`<`). */
export function xmpEncodingOf(bytes: Uint8Array): XmpEncoding {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0x00 && b === 0x00 && ((c === 0xfe && d === 0xff) || (c === 0x00 && d === 0x3c)))
    return 'utf-32be';
  if (
    (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) ||
    (a === 0x3c && b === 0x00 && c === 0x00 && d === 0x00)
  )
    return 'utf-32le';
  if ((a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)) return 'utf-16be';
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00)) return 'utf-16le';
  return 'utf-8';
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  const codes: number[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const code = view.getUint32(at, littleEndian);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    codes.push(code);
    if (codes.length === 4096) parts.push(String.fromCodePoint(...codes.splice(0)));
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

/**
 * The text of an XMP packet in any of its allowed encodings, without a leading byte-order mark;
 * undefined when the bytes are not valid text in the encoding they announce.
 */
export function decodeXmpPacket(bytes: Uint8Array): string | undefined {
  const encoding = xmpEncodingOf(bytes);
  let text: string | undefined;
  if (encoding === 'utf-32be' || encoding === 'utf-32le') text = decodeUtf32(bytes, encoding === 'utf-32le');
  else {
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  return text?.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
