import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { readImageHeader } from '../image/sniff-image.js';
import type { ImageInput, NormalizedImage } from '../spec/image-input.js';
import { fetchInput, type InputFetchPolicy } from './fetch-input.js';

export type { InputFetchPolicy } from './fetch-input.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(field: string, text: string): Uint8Array {
  const body = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  const clean = body.replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 4 === 1 || !BASE64.test(clean)) {
    throw new InvalidRequestError(field, 'is not valid base64');
  }
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Reads any `ImageInput` into bytes and checks that they are a PNG, JPEG, WebP or GIF image. */
export async function normalizeImageInput(
  field: string,
  input: ImageInput,
  policy?: InputFetchPolicy,
  signal?: AbortSignal,
): Promise<NormalizedImage> {
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else if (typeof Blob !== 'undefined' && input instanceof Blob)
    bytes = new Uint8Array(await input.arrayBuffer());
  else if ('base64' in input) bytes = decodeBase64(field, input.base64);
  else bytes = await fetchInput(field, (input as { url: string }).url, policy, signal);
  try {
    const info = readImageHeader(bytes);
    return { bytes, ...info };
  } catch (error) {
    if (PictorError.isInstance(error)) {
      throw new InvalidRequestError(field, `is not a readable image: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
