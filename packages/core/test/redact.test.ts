import { inspect } from 'node:util';
import {
  InvalidResponseError,
  PictorError,
  ProviderError,
  redactSecrets,
  redactValue,
  registerSecret,
} from '@pictor/core';
import { describe, expect, it } from 'vitest';

const token = 'cfut-Redact7Test_token-AbCdEfGhIjKlMnOpQrSt';
registerSecret(token);

const jsonEscaped = [...token].map((c) => (c === '-' ? '\\u002d' : c)).join('');
const allEscaped = [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const urlEncoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');

describe('redactSecrets', () => {
  it('removes a registered secret in literal, JSON-escaped and URL-encoded forms', () => {
    for (const form of [token, jsonEscaped, allEscaped, urlEncoded, encodeURIComponent(token)]) {
      const out = redactSecrets(`before ${form} after`);
      expect(out).toBe('before [REDACTED] after');
    }
  });

  it('removes any piece of 8 characters or more cut from the start of a secret', () => {
    for (let cut = 8; cut < token.length; cut++) {
      const out = redactSecrets(`body: ${token.slice(0, cut)}`);
      expect(out).toBe('body: [REDACTED]');
    }
    // Shorter pieces are not evidence of a secret and are left alone.
    expect(redactSecrets('cfut-Red')).toBe('[REDACTED]');
    expect(redactSecrets('cfut-Re')).toBe('cfut-Re');
  });

  it('is linear on a long text made of near-misses', () => {
    const text = `${token.slice(0, 20)}x`.repeat(50_000);
    const start = performance.now();
    const out = redactSecrets(text);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(out).not.toContain(token.slice(0, 8));
  });

  it('redactValue redacts every string of a structured value, keys included', () => {
    const value = redactValue({ a: [token], [token]: 1, nested: { b: `x${jsonEscaped}` }, n: 3 });
    expect(JSON.stringify(value)).not.toContain(token.slice(0, 8));
    expect(value.n).toBe(3);
  });
});

describe('Pictor errors', () => {
  it('redact the message, the whole cause chain, toJSON and util.inspect', () => {
    let syntax: unknown;
    try {
      JSON.parse(`{"echo": "${token}" oops`);
    } catch (error) {
      syntax = error;
    }
    const inner = new TypeError(`fetch failed for ${token}`, { cause: syntax });
    const error = new InvalidResponseError(`upstream said ${token.slice(0, 30)}`, { cause: inner });
    expect(error.message).toBe('upstream said [REDACTED]');
    const cause = error.cause as Error;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed for [REDACTED]');
    expect((cause.cause as Error).name).toBe('SyntaxError');
    for (const surface of [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      String((cause.cause as Error).message),
      String((cause.cause as Error).stack),
    ]) {
      expect(surface).not.toContain(token.slice(0, 8));
    }
  });

  it('keep a cause that holds no secret as the very same object', () => {
    const original = new RangeError('harmless');
    const error = new PictorError('x', 'wrapped', { cause: original });
    expect(error.cause).toBe(original);
  });

  it('ProviderError redacts its body before cutting it, so a secret straddling the cut leaves nothing', () => {
    for (const at of [2040, 2030, 2048 - 8]) {
      const body = `${'y'.repeat(at)}${jsonEscaped}tail`;
      const error = new ProviderError('x', { status: 500, body });
      expect(error.body!.length).toBeLessThanOrEqual(2048);
      expect(error.body).not.toContain('cfut-Re');
      expect(error.body).not.toContain('cfut\\u002dRe');
    }
  });

  it('a thrown non-error object kept as a cause becomes a redacted string', () => {
    const error = new PictorError('x', 'wrapped', { cause: { body: token } });
    expect(String(error.cause)).not.toContain(token.slice(0, 8));
  });
});
