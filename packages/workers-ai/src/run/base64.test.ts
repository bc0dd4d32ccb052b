import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64Error, decodeBase64Portable, decodeBase64Strict } from './base64.js';

const decoders = { strict: decodeBase64Strict, portable: decodeBase64Portable };

describe.each(Object.entries(decoders))('%s base64 decoder', (_, decode) => {
  it('decodes what Node encodes, at every length and offset', () => {
    for (let n = 1; n < 70; n++) {
      const bytes = randomBytes(n);
      const text = bytes.toString('base64');
      expect(Buffer.from(decode(text)).equals(bytes)).toBe(true);
      expect(Buffer.from(decode(`data:image/png;base64,${text}`, 22)).equals(bytes)).toBe(true);
      expect(Buffer.from(decode(text.replace(/=+$/, ''))).equals(bytes)).toBe(true);
    }
    const big = randomBytes(1_000_003);
    expect(Buffer.from(decode(big.toString('base64'))).equals(big)).toBe(true);
  });

  it('skips ASCII whitespace (MIME line breaks)', () => {
    const bytes = randomBytes(300);
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    expect(Buffer.from(decode(wrapped)).equals(bytes)).toBe(true);
  });

  it('refuses anything that is not standard base64', () => {
    const good = randomBytes(30).toString('base64');
    for (const bad of [
      '',
      'A',
      `${good.slice(0, 10)}!${good.slice(11)}`,
      `${good.slice(0, 10)}-${good.slice(11)}`,
      `${good.slice(0, 10)}_${good.slice(11)}`,
      `${good.slice(0, 10)}é${good.slice(11)}`,
      'AA==AAAA',
      'AAAAA===',
      'A===',
      '====',
      'AAAA=',
      `${good}\u0000`,
    ]) {
      expect(() => decode(bad), JSON.stringify(bad)).toThrow(Base64Error);
    }
  });

  it('hands out bytes that own their memory (never a view on a shared pool)', () => {
    const out = decode(randomBytes(12).toString('base64'));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBeLessThanOrEqual(12);
  });
});
