import sharp from 'sharp';

/** A deterministic RGBA gradient (with some alpha when `alpha`). */
export function gradient(width: number, height: number, alpha = false): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data[o] = (x * 255) / Math.max(1, width - 1);
      data[o + 1] = (y * 255) / Math.max(1, height - 1);
      data[o + 2] = ((x + y) * 7) & 255;
      data[o + 3] = alpha ? 128 + ((x * 3) & 127) : 255;
    }
  }
  return data;
}

function image(width: number, height: number, alpha = false) {
  return sharp(gradient(width, height, alpha), { raw: { width, height, channels: 4 } });
}

/** A PNG made by libpng (through sharp). */
export async function makePng(width = 24, height = 16, alpha = false): Promise<Uint8Array> {
  return new Uint8Array(await image(width, height, alpha).png().toBuffer());
}

/** A baseline JPEG with JFIF, optionally with EXIF and an ICC profile. */
export async function makeJpeg(width = 24, height = 16, withExif = false): Promise<Uint8Array> {
  let pipeline = image(width, height).jpeg({ quality: 90 });
  if (withExif)
    pipeline = pipeline.withExif({ IFD0: { Copyright: 'Test', Software: 'fixture' } }).withIccProfile('srgb');
  return new Uint8Array(await pipeline.toBuffer());
}

/** WebP: `lossy` (bare VP8), `lossless` (bare VP8L), `alpha` (VP8X + ALPH), `exif` (VP8X + EXIF). */
export async function makeWebp(
  kind: 'lossy' | 'lossless' | 'alpha' | 'exif',
  width = 24,
  height = 16,
): Promise<Uint8Array> {
  let pipeline = image(width, height, kind === 'alpha');
  if (kind === 'lossy' || kind === 'exif') pipeline = image(width, height, false).removeAlpha();
  let out = pipeline.webp(kind === 'lossless' ? { lossless: true } : { quality: 80 });
  if (kind === 'exif') out = out.withExif({ IFD0: { Copyright: 'Test' } });
  return new Uint8Array(await out.toBuffer());
}

/** RIFF chunk fourCCs of a WebP file, in order. */
export function webpChunks(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size =
      bytes[offset + 4]! |
      (bytes[offset + 5]! << 8) |
      (bytes[offset + 6]! << 16) |
      (bytes[offset + 7]! << 24);
    out.push(String.fromCharCode(...bytes.subarray(offset, offset + 4)));
    offset += 8 + size + (size & 1);
  }
  return out;
}

/** PNG chunk types, in order. */
export function pngChunks(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 12 <= bytes.length; ) {
    out.push(String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)));
    offset += 12 + view.getUint32(offset);
  }
  return out;
}

/** JPEG marker bytes (second byte of each marker) up to and including SOS. */
export function jpegMarkers(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let offset = 2; offset + 4 <= bytes.length; ) {
    const marker = bytes[offset + 1]!;
    out.push(marker);
    if (marker === 0xda) break;
    offset += 2 + ((bytes[offset + 2]! << 8) | bytes[offset + 3]!);
  }
  return out;
}
