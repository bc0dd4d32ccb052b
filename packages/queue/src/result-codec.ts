import { type ImageResult, InvalidResponseError } from '@pictor/core';

// One binary form for an ImageResult, used by every store and by queued jobs: image bytes travel as
// raw bytes (no base64: a 1 MiB PNG stays 1 MiB), everything else as JSON.
//   "PICR" | u8 version | u32 JSON length (LE) | JSON | image bytes, in order
// The JSON is the result with each image's `bytes` replaced by its length.

const MAGIC = [0x50, 0x49, 0x43, 0x52]; // "PICR"
const VERSION = 1;
const HEADER = 9;

interface StoredImage {
  length: number;
  [key: string]: unknown;
}

/** Encodes a result (with its images' bytes) into one binary value. */
export function encodeResult(result: ImageResult, extra: Record<string, unknown> = {}): Uint8Array {
  const images: StoredImage[] = result.images.map(({ bytes, ...rest }) => ({
    ...rest,
    length: bytes.length,
  }));
  const json = new TextEncoder().encode(JSON.stringify({ ...extra, ...result, images }));
  const total = HEADER + json.length + result.images.reduce((sum, image) => sum + image.bytes.length, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  new DataView(out.buffer).setUint32(5, json.length, true);
  out.set(json, HEADER);
  let offset = HEADER + json.length;
  for (const image of result.images) {
    out.set(image.bytes, offset);
    offset += image.bytes.length;
  }
  return out;
}

/**
 * Decodes what `encodeResult` wrote. Anything else — another format, a cut value, lengths that do not
 * add up — is an `InvalidResponseError`, never a result with wrong bytes.
 */
export function decodeResult(bytes: Uint8Array): { result: ImageResult; extra: Record<string, unknown> } {
  const fail = (why: string) => new InvalidResponseError(`stored result is unreadable: ${why}`);
  if (bytes.length < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) throw fail('not a Pictor result');
  if (bytes[4] !== VERSION) throw fail(`format version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(5, true);
  if (HEADER + jsonLength > bytes.length) throw fail('cut short');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + jsonLength)));
  } catch {
    throw fail('bad JSON');
  }
  const { images: stored, provider, modelId, warnings, timings, usage, providerMetadata, ...extra } = parsed;
  if (!Array.isArray(stored) || typeof provider !== 'string' || typeof modelId !== 'string')
    throw fail('missing fields');
  let offset = HEADER + jsonLength;
  const images = (stored as StoredImage[]).map(({ length, ...rest }) => {
    if (!Number.isInteger(length) || length < 0 || offset + length > bytes.length) throw fail('cut short');
    const copy = new Uint8Array(length); // a plain Uint8Array, never a view of a Buffer from a client
    copy.set(bytes.subarray(offset, offset + length));
    const image = { ...rest, bytes: copy } as unknown as ImageResult['images'][number];
    offset += length;
    return image;
  });
  if (offset !== bytes.length) throw fail('trailing bytes');
  const result: ImageResult = {
    images,
    warnings: Array.isArray(warnings) ? (warnings as ImageResult['warnings']) : [],
    provider,
    modelId,
    timings: (timings as ImageResult['timings']) ?? { totalMs: 0 },
    ...(usage ? { usage: usage as NonNullable<ImageResult['usage']> } : {}),
    ...(providerMetadata
      ? { providerMetadata: providerMetadata as NonNullable<ImageResult['providerMetadata']> }
      : {}),
  };
  return { result, extra };
}
