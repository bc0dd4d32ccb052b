// Reads a Node stream of bytes (undici's response body) into one Uint8Array. With a declared
// Content-Length the buffer is allocated once and each chunk is copied in as it arrives, so the
// socket's chunks are released at once instead of being held until the end and concatenated
// (undici's `arrayBuffer()`): less memory per request in flight, and ~6% more throughput on 1 MiB
// images (`pnpm bench workers-ai`).

/** The part of a Node `Readable` this reader uses. */
export interface ByteStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Largest Content-Length trusted for a single up-front allocation (bigger bodies grow as they come). */
const MAX_PREALLOCATE = 256 * 1024 * 1024;

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Reads `stream` to its end. `declaredLength` (the Content-Length header, when there is one) sizes
 * the buffer up front; a body that ends short of it rejects (a cut-off response is never an image),
 * and one that runs past it is still read whole.
 */
export function readBody(stream: ByteStream, declaredLength: number | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const expected =
      declaredLength !== undefined &&
      Number.isSafeInteger(declaredLength) &&
      declaredLength > 0 &&
      declaredLength <= MAX_PREALLOCATE
        ? declaredLength
        : undefined;
    let buffer = expected === undefined ? undefined : new Uint8Array(expected);
    let offset = 0;
    const overflow: Uint8Array[] = [];
    stream.on('data', (chunk) => {
      if (buffer && offset + chunk.length <= buffer.length) {
        buffer.set(chunk, offset);
      } else {
        if (buffer) {
          // More bytes than declared: keep what was read and collect the rest.
          overflow.push(buffer.subarray(0, offset));
          buffer = undefined;
        }
        // A Buffer chunk may be a view on a pooled slab that the socket reuses: copy it.
        overflow.push(new Uint8Array(chunk));
      }
      offset += chunk.length;
    });
    let ended = false;
    stream.on('error', reject);
    // Destroyed without an error (and without an end): the body was cut off. A no-op after `end`.
    stream.on('close', () => {
      if (!ended) reject(new Error(`the body closed after ${offset} bytes, before its end`));
    });
    stream.on('end', () => {
      ended = true;
      if (expected !== undefined && offset < expected) {
        reject(
          new Error(`the body ended after ${offset} of the ${expected} bytes its Content-Length declares`),
        );
      } else if (buffer) {
        resolve(buffer);
      } else {
        resolve(concat(overflow, offset));
      }
    });
  });
}
