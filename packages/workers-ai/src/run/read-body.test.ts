import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from './read-body.js';

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
    const out = await readBody(streamOf(parts), 71_005);
    expect(out.length).toBe(71_005);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('reads a body without a Content-Length', async () => {
    const parts = [bytes(10, 1), bytes(20, 2)];
    const out = await readBody(streamOf(parts), undefined);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('keeps every byte when the body runs past its declared length', async () => {
    const parts = [bytes(8, 1), bytes(8, 2), bytes(8, 3)];
    const out = await readBody(streamOf(parts), 12);
    expect(out.length).toBe(24);
    expect(Buffer.from(out).equals(Buffer.concat(parts))).toBe(true);
  });

  it('rejects a body that ends short of its declared length', async () => {
    await expect(readBody(streamOf([bytes(10, 1)]), 100)).rejects.toThrow(
      'the body ended after 10 of the 100 bytes its Content-Length declares',
    );
  });

  it('rejects a body destroyed before its end, with or without an error', async () => {
    await expect(readBody(streamOf([bytes(10, 1)], 'destroy'), undefined)).rejects.toThrow(
      'the body closed after 10 bytes',
    );
    await expect(readBody(streamOf([bytes(10, 1)], new Error('socket hang up')), 100)).rejects.toThrow(
      'socket hang up',
    );
  });

  it('ignores a declared length that is not a usable number', async () => {
    for (const declared of [Number.NaN, -1, 0, 2 ** 60]) {
      const out = await readBody(streamOf([bytes(3, 1)]), declared);
      expect(Array.from(out)).toEqual(Array.from(bytes(3, 1)));
    }
  });
});
