import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, parseContentLength, readBody, readWebBody } from './read-body.js';

const MiB = 1024 * 1024;
const cap = { maxBytes: 64 * MiB };

function streamOf(chunks: Uint8Array[], end: 'end' | 'destroy' | Error = 'end'): PassThrough {
  const stream = new PassThrough();
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    if (end === 'end') stream.end();
    else if (end === 'destroy') stream.destroy();
    else stream.destroy(end);
  });
  return stream;
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

describe('readBody', () => {
  it('fills a buffer of the declared length with every chunk in order', async () => {
    const parts = [bytes(1000, 1), bytes(70_000, 2), bytes(5, 3)];
    const out = await readBody(streamOf(parts), 71_005, cap);
    expect(out.length).toBe(71_005);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('reads a body without a Content-Length', async () => {
    const parts = [bytes(10, 1), bytes(20, 2)];
    const out = await readBody(streamOf(parts), undefined, cap);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('keeps every byte when the body runs past its declared length', async () => {
    const parts = [bytes(8, 1), bytes(8, 2), bytes(8, 3)];
    const out = await readBody(streamOf(parts), 12, cap);
    expect(out.length).toBe(24);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('rejects a body that ends short of its declared length', async () => {
    await expect(readBody(streamOf([bytes(10, 1)]), 100, cap)).rejects.toThrow(
      'the body ended after 10 of the 100 bytes its Content-Length declares',
    );
  });

  it('rejects a body destroyed before its end, with or without an error', async () => {
    await expect(readBody(streamOf([bytes(10, 1)], 'destroy'), undefined, cap)).rejects.toThrow(
      'the body closed after 10 bytes',
    );
    await expect(readBody(streamOf([bytes(10, 1)], new Error('socket hang up')), 100, cap)).rejects.toThrow(
      'socket hang up',
    );
  });

  it('ignores a declared length that is not a usable number', async () => {
    for (const declared of [Number.NaN, -1, 0, 2 ** 60, parseContentLength('3 '), parseContentLength('')]) {
      const out = await readBody(streamOf([bytes(3, 1)]), declared, cap);
      expect(Array.from(out)).toEqual(Array.from(bytes(3, 1)));
    }
  });

  it('never allocates for a Content-Length past the cap: refused before the body is read', async () => {
    const stream = new PassThrough();
    const before = process.memoryUsage().arrayBuffers;
    const error = await readBody(stream, 256 * MiB, cap).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MiB);
    expect(stream.destroyed).toBe(true);
  });

  it('allocates nothing for a declared length until the first byte arrives', async () => {
    const stream = new PassThrough();
    const before = process.memoryUsage().arrayBuffers;
    const reading = readBody(stream, 60 * MiB, cap);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MiB);
    stream.destroy();
    await expect(reading).rejects.toThrow('closed after 0 bytes');
  });

  it('refuses a body that streams past the cap, without a Content-Length, and stops reading it', async () => {
    const stream = new PassThrough();
    let written = 0;
    const pump = setInterval(() => {
      if (stream.destroyed) return clearInterval(pump);
      stream.write(bytes(64 * 1024, 1));
      written += 64 * 1024;
    }, 0);
    const error = await readBody(stream, undefined, { maxBytes: 1 * MiB }).catch((e: unknown) => e);
    clearInterval(pump);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(stream.destroyed).toBe(true);
    expect(written).toBeLessThan(2 * MiB);
  });

  it('returns a plain Uint8Array whose ArrayBuffer holds the body and nothing else', async () => {
    // The buffer is not zero-filled first (Buffer.allocUnsafeSlow): never a pooled slab, never a byte unwritten.
    for (const [parts, declared] of [
      [[bytes(60, 1), bytes(40, 2)], 100],
      [[bytes(1000, 1), bytes(70_000, 2), bytes(5, 3)], 71_005],
    ] as const) {
      const out = await readBody(streamOf([...parts]), declared, cap);
      expect(out.constructor).toBe(Uint8Array);
      expect(out.byteOffset).toBe(0);
      expect(out.buffer.byteLength).toBe(declared);
      expect(Buffer.from(out).equals(Buffer.concat([...parts]))).toBe(true);
    }
  });

  it('truncate mode keeps the first maxBytes of a longer body (error bodies)', async () => {
    const parts = [bytes(3000, 1), bytes(3000, 2), bytes(3000, 3)];
    const out = await readBody(streamOf(parts), 9000, { maxBytes: 4096, over: 'truncate' });
    expect(Buffer.from(out).equals(Buffer.concat(parts).subarray(0, 4096))).toBe(true);
  });
});

describe('readWebBody', () => {
  const web = (chunks: Uint8Array[]) => new Response(new Blob(chunks as Uint8Array<ArrayBuffer>[])).body;

  it('reads the same bytes as a Node stream, with and without a declared length', async () => {
    const parts = [bytes(1000, 1), bytes(70_000, 2)];
    for (const declared of [71_000, undefined]) {
      const out = await readWebBody(web(parts), declared, cap);
      expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
    }
  });

  it('refuses a body past the cap (declared or sent) and one that ends short', async () => {
    await expect(readWebBody(web([bytes(10, 1)]), 256 * MiB, cap)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(readWebBody(web([bytes(5000, 1)]), undefined, { maxBytes: 4096 })).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    await expect(readWebBody(web([bytes(10, 1)]), 100, cap)).rejects.toThrow('ended after 10 of the 100');
  });
});
