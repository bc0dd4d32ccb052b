import { adler32 } from './crc32.js';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** zlib-wraps `bytes` with stored (uncompressed) deflate blocks: no dependencies, always available. */
export function zlibStore(bytes: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(bytes.length / 65535));
  const out = new Uint8Array(2 + bytes.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, bytes.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0;
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(bytes.subarray(start, start + len), o);
    o += len;
  }
  new DataView(out.buffer).setUint32(o, adler32(bytes));
  return out;
}

interface NodeZlib {
  deflateSync(bytes: Uint8Array): Uint8Array;
  inflateSync(bytes: Uint8Array, options?: { maxOutputLength?: number }): Uint8Array;
  deflate(bytes: Uint8Array, callback: (error: Error | null, out: Uint8Array) => void): void;
}

/**
 * Node's zlib when running on Node (through `process.getBuiltinModule`, so no Node import is needed and
 * Workers never see one): about 40× faster than a `CompressionStream` round trip for small images.
 */
function nodeZlib(): NodeZlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined;
}

/** Below this many bytes Node's zlib runs on the calling thread; above, on its thread pool. */
const SYNC_LIMIT = 256 * 1024;

/** zlib-compresses with Node's zlib, else the platform's `CompressionStream` (Workers, browsers), else stores. */
export async function zlibDeflate(bytes: Uint8Array): Promise<Uint8Array> {
  const zlib = nodeZlib();
  if (zlib) {
    if (bytes.length <= SYNC_LIMIT) return zlib.deflateSync(bytes);
    return new Promise((resolve, reject) =>
      zlib.deflate(bytes, (error, out) => (error ? reject(error) : resolve(out))),
    );
  }
  if (typeof CompressionStream === 'undefined') return zlibStore(bytes);
  return pipe(bytes, new CompressionStream('deflate'));
}

/** The error both inflate paths throw when the output would pass its bound. */
function tooLarge(maxOutput: number): RangeError {
  return new RangeError(`zlibInflate: the data inflates to more than ${maxOutput} bytes`);
}

/** Input slice fed to a `DecompressionStream` at a time, so its output arrives (and is counted) in steps. */
const STREAM_SLICE = 16 * 1024;

/**
 * Inflates through the platform's `DecompressionStream`, counting output as it streams: past
 * `maxOutput` bytes the streams are cancelled and nothing more is inflated or kept.
 */
async function streamInflate(bytes: Uint8Array, maxOutput: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const feeding = (async () => {
    for (let offset = 0; offset < bytes.length; offset += STREAM_SLICE) {
      await writer.ready;
      await writer.write(bytes.subarray(offset, offset + STREAM_SLICE) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  feeding.catch(() => {});
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxOutput) {
      await Promise.all([reader.cancel().catch(() => {}), writer.abort().catch(() => {})]);
      throw tooLarge(maxOutput);
    }
    chunks.push(value);
  }
  await feeding;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * zlib-decompresses with Node's zlib or the platform's `DecompressionStream`. Throws on corrupt data;
 * both paths stop as soon as the output would pass `maxOutput` bytes and throw a `RangeError` (a
 * decompression bomb costs at most `maxOutput` bytes and the time to inflate them).
 */
export async function zlibInflate(bytes: Uint8Array, maxOutput = 512 * 1024 * 1024): Promise<Uint8Array> {
  const zlib = nodeZlib();
  if (!zlib) return streamInflate(bytes, maxOutput);
  try {
    return zlib.inflateSync(bytes, { maxOutputLength: maxOutput });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxOutput);
    throw error;
  }
}
