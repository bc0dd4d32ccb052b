// The smallest EXIF block that carries an AUTOMATIC1111 infotext: IFD0 with one entry (the Exif
// IFD pointer) and an Exif IFD with one entry, UserComment, in the `UNICODE\0` + UTF-16BE form
// that piexif (and so AUTOMATIC1111) writes for JPEG and WebP. And a bounded reader for it.

const EXIF_IFD_POINTER = 0x8769;
const USER_COMMENT = 0x9286;
const UNDEFINED = 7;
const LONG = 4;

/** TIFF bytes (big-endian) of an EXIF block holding only `UserComment` = `text`. */
export function userCommentExif(text: string): Uint8Array {
  const comment = new Uint8Array(8 + text.length * 2);
  comment.set([0x55, 0x4e, 0x49, 0x43, 0x4f, 0x44, 0x45, 0]); // "UNICODE\0"
  for (let i = 0; i < text.length; i++) {
    comment[8 + i * 2] = text.charCodeAt(i) >> 8;
    comment[9 + i * 2] = text.charCodeAt(i) & 0xff;
  }
  // header 8 | IFD0: count 2 + entry 12 + next 4 = 18 | Exif IFD: 18 | comment
  const ifd0 = 8;
  const exifIfd = ifd0 + 18;
  const data = exifIfd + 18;
  const out = new Uint8Array(data + comment.length);
  const view = new DataView(out.buffer);
  out.set([0x4d, 0x4d, 0, 42]);
  view.setUint32(4, ifd0);
  view.setUint16(ifd0, 1);
  view.setUint16(ifd0 + 2, EXIF_IFD_POINTER);
  view.setUint16(ifd0 + 4, LONG);
  view.setUint32(ifd0 + 6, 1);
  view.setUint32(ifd0 + 10, exifIfd);
  view.setUint16(exifIfd, 1);
  view.setUint16(exifIfd + 2, USER_COMMENT);
  view.setUint16(exifIfd + 4, UNDEFINED);
  view.setUint32(exifIfd + 6, comment.length);
  view.setUint32(exifIfd + 10, data);
  out.set(comment, data);
  return out;
}

interface Entry {
  tag: number;
  type: number;
  count: number;
  value: number;
}

function ifd(view: DataView, offset: number, little: boolean): Entry[] | undefined {
  if (offset < 8 || offset + 2 > view.byteLength) return undefined;
  const count = view.getUint16(offset, little);
  if (offset + 2 + count * 12 > view.byteLength) return undefined;
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    entries.push({
      tag: view.getUint16(at, little),
      type: view.getUint16(at + 2, little),
      count: view.getUint32(at + 4, little),
      value: view.getUint32(at + 8, little),
    });
  }
  return entries;
}

function decodeComment(bytes: Uint8Array): string | undefined {
  const prefix = String.fromCharCode(...bytes.subarray(0, 8));
  const body = bytes.subarray(8);
  if (prefix === 'ASCII\0\0\0') return new TextDecoder('latin1').decode(body).replace(/\0+$/, '');
  if (prefix !== 'UNICODE\0') return undefined;
  // Readers disagree on the byte order: take the one with fewer NULs in high bytes.
  const decode = (little: boolean) =>
    new TextDecoder(little ? 'utf-16le' : 'utf-16be').decode(body.subarray(0, body.length & ~1));
  let evenZeros = 0;
  for (let i = 0; i + 1 < body.length; i += 2) if (body[i] === 0) evenZeros++;
  return decode(evenZeros * 2 < body.length / 2).replace(/\0+$/, '');
}

/** Parses EXIF TIFF bytes: the `UserComment` text, and whether the block holds nothing else. */
export function readUserComment(tiff: Uint8Array): { comment: string | undefined; onlyComment: boolean } {
  const none = { comment: undefined, onlyComment: false };
  if (tiff.length < 8) return none;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'MM' && order !== 'II') return none;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return none;
  const ifd0 = ifd(view, view.getUint32(4, little), little);
  const pointer = ifd0?.find((entry) => entry.tag === EXIF_IFD_POINTER);
  const exifIfd = pointer ? ifd(view, pointer.value, little) : undefined;
  const entry = exifIfd?.find((e) => e.tag === USER_COMMENT && e.type === UNDEFINED);
  let comment: string | undefined;
  if (entry && entry.count >= 8 && entry.count > 4 && entry.value + entry.count <= tiff.length) {
    comment = decodeComment(tiff.subarray(entry.value, entry.value + entry.count));
  }
  return { comment, onlyComment: ifd0?.length === 1 && exifIfd?.length === 1 && entry !== undefined };
}
