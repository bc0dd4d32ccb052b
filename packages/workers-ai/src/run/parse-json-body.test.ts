import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from './parse-json-body.js';

const image = randomBytes(100_000).toString('base64');
const other = randomBytes(60_000).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('parseJsonBody', () => {
  it('gives exactly what JSON.parse gives, on every envelope shape and trap', () => {
    const bodies = [
      JSON.stringify({ result: { image }, success: true, errors: [], messages: [] }),
      JSON.stringify({ success: true, errors: [], messages: [], result: { image } }),
      JSON.stringify({ image }),
      JSON.stringify({ result: { image }, success: true }, null, 2), // spaces after the colon: the plain parse
      // the first "image" key is not result.image
      JSON.stringify({ messages: [{ image: other }], result: { image } }),
      // result.image is empty and another image comes first
      JSON.stringify({ messages: [{ image: other }], result: { image: '' } }),
      // duplicate keys: the last one wins in JSON.parse
      `{"result":{"image":"${other}","image":"${image}"},"success":true}`,
      // an escaped slash inside the base64 (legal JSON)
      `{"result":{"image":"${image.slice(0, 5000)}\\/${image.slice(5001)}"},"success":true}`,
      // the key sequence inside another string is escaped and never matches
      JSON.stringify({ note: `"image":"${other}"`, result: { image } }),
      // a nested "result"
      JSON.stringify({ result: { result: { image } }, success: true }),
      // a byte-order mark
      `\ufeff${JSON.stringify({ result: { image }, success: true })}`,
      // unicode around the image
      JSON.stringify({ result: { image, caption: 'ünïcødé ✓' }, messages: ['日本'] }),
      // small bodies
      JSON.stringify({ result: { image: 'AAAA' } }),
      JSON.stringify([1, 2, { image }]),
    ];
    for (const body of bodies) {
      const expected = JSON.parse(body.replace(/^\ufeff/, ''));
      expect(parseJsonBody(bytes(body)), body.slice(0, 60)).toEqual(expected);
    }
  });

  it('throws where JSON.parse throws', () => {
    for (const body of [
      `{"result":{"image":"${image}"}`, // unclosed
      `{"result":{"image":"${image}`, // cut inside the string
      `{"result":{"image":"${image}"},}`,
      `garbage "image":"${image}" garbage`,
    ]) {
      expect(() => parseJsonBody(bytes(body))).toThrow(SyntaxError);
    }
  });

  it('parses the large string only once: the image value skips the JSON parser', () => {
    // The fast path builds the string from bytes; a raw tab in it (invalid JSON) shows which path ran.
    const body = `{"result":{"image":"${image.slice(0, 70_000)}\t${image.slice(70_000)}"},"success":true}`;
    expect(() => JSON.parse(body)).toThrow(SyntaxError);
    const parsed = parseJsonBody(bytes(body)) as { result: { image: string } };
    expect(parsed.result.image.length).toBe(image.length + 1);
  });
});
