import { type ImageMediaType, InvalidResponseError, readImageHeader } from '@pictor/core';
import { decodeBase64Strict } from './base64.js';

/** Decoded image bytes with what their header says. */
export interface DecodedImage {
  bytes: Uint8Array;
  mediaType: Exclude<ImageMediaType, 'image/gif'>;
  width: number;
  height: number;
}

/** Decodes standard base64 (optionally a `data:` URI); anything else is an `InvalidResponseError`. */
export function decodeBase64(text: string, what: string): Uint8Array {
  // A data URI's header is skipped by position: the long payload is never copied.
  const start = text.startsWith('data:') ? text.indexOf(',') + 1 : 0;
  try {
    return decodeBase64Strict(text, start);
  } catch (error) {
    throw new InvalidResponseError(`${what}: "image" is not valid base64 (${(error as Error).message})`, {
      provider: 'workers-ai',
    });
  }
}

/** Reads a whole `ReadableStream` into one buffer. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  return `an object with keys [${Object.keys(value).slice(0, 8).join(', ')}]`;
}

/**
 * Turns any output shape a Workers AI image model has been seen to return into image bytes: raw
 * bytes, `ArrayBuffer`, `ReadableStream`, `Response`, `{ image: base64 }` (with or without the
 * `result` envelope) or `{ data: bytes }`. The media type is sniffed from the bytes (SDXL-Lightning
 * sends JPEG although documented as PNG) and the size from the header; anything without a PNG, JPEG
 * or WebP header is an `InvalidResponseError`. The whole file (chunks, CRCs, scans) is validated once,
 * by the client, as every provider's output is: a direct caller of the provider gets header checks only.
 */
export async function decodeImageOutput(value: unknown, model: string): Promise<DecodedImage> {
  // One `result` envelope is unwrapped, never a chain of them (a hostile nesting costs no recursion).
  const output =
    typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && 'result' in value
      ? value.result
      : value;
  let bytes: Uint8Array;
  if (output instanceof Uint8Array) bytes = output;
  else if (output instanceof ArrayBuffer) bytes = new Uint8Array(output);
  else if (typeof ReadableStream !== 'undefined' && output instanceof ReadableStream)
    bytes = await readAll(output);
  else if (typeof Response !== 'undefined' && output instanceof Response)
    bytes = new Uint8Array(await output.arrayBuffer());
  else if (
    typeof output === 'object' &&
    output !== null &&
    typeof (output as { image?: unknown }).image === 'string'
  ) {
    bytes = decodeBase64((output as { image: string }).image, model);
  } else if (
    typeof output === 'object' &&
    output !== null &&
    'data' in output &&
    (output.data instanceof Uint8Array || output.data instanceof ArrayBuffer)
  ) {
    bytes = output.data instanceof Uint8Array ? output.data : new Uint8Array(output.data);
  } else {
    throw new InvalidResponseError(`${model} returned ${describe(output)}, not an image`, {
      provider: 'workers-ai',
    });
  }
  // The header only (type, size, legal values): the client validates the whole file once, after this.
  let info: ReturnType<typeof readImageHeader>;
  try {
    info = readImageHeader(bytes);
  } catch (error) {
    throw new InvalidResponseError(
      `${model} returned ${bytes.length} bytes that are not a whole image: ${(error as Error).message}`,
      {
        provider: 'workers-ai',
        cause: error,
      },
    );
  }
  if (info.mediaType === 'image/gif') {
    throw new InvalidResponseError(`${model} returned a GIF, which is not an output type`, {
      provider: 'workers-ai',
    });
  }
  return { bytes, mediaType: info.mediaType, width: info.width, height: info.height };
}
