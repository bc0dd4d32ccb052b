import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { readImageHeader } from '../image/sniff-image.js';
import type { ImageInput, NormalizedImage } from '../spec/image-input.js';

/**
 * Whether and how `{ url }` inputs may be fetched. Off by default: a URL input is an error unless
 * the client is given a policy, because fetching arbitrary URLs on a server is a security decision.
 */
export interface InputFetchPolicy {
  /** Return true for URLs that may be fetched (for example an allow-list of hosts). */
  allow: (url: URL) => boolean;
  /** Largest body accepted, in bytes. Default 20 MiB. */
  maxBytes?: number;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

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

async function fetchInput(
  field: string,
  url: string,
  policy: InputFetchPolicy | undefined,
  signal?: AbortSignal,
) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidRequestError(field, `is not a valid URL`);
  }
  if (!policy) {
    throw new InvalidRequestError(
      field,
      'URL inputs are not fetched unless the client is created with an inputFetch policy; pass the bytes instead',
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InvalidRequestError(field, `URL scheme ${parsed.protocol} is not allowed`);
  }
  if (!policy.allow(parsed))
    throw new InvalidRequestError(field, `URL host ${parsed.host} is not allowed by the inputFetch policy`);
  const maxBytes = policy.maxBytes ?? 20 * 1024 * 1024;
  const response = await (policy.fetch ?? fetch)(parsed, signal ? { signal } : {});
  if (!response.ok) throw new InvalidRequestError(field, `fetching the URL gave HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    throw new InvalidRequestError(field, `URL body is ${declared} bytes, over the ${maxBytes}-byte limit`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > maxBytes)
    throw new InvalidRequestError(field, `URL body is over the ${maxBytes}-byte limit`);
  return bytes;
}

/**
 * Reads any `ImageInput` into bytes and reads its type and size from the header (a PNG, JPEG, WebP
 * or GIF image). The client then checks the whole file with `validateImage`.
 */
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
