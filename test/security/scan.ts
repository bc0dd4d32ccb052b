// Looks for a token in every form a leak can take: literal, JSON-escaped (`\u0063`, `\/`),
// URL-encoded (once or twice), and as any piece of 8 characters (a text cut through the token).
import { inspect } from 'node:util';

function decode(text: string): string {
  let out = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  out = out.replace(/\\\//g, '/');
  for (let i = 0; i < 2; i++)
    out = out.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  return out;
}

/** The first piece of `token` (8 characters or more) found in `text`, in any form, or undefined. */
export function findToken(text: string, token: string): string | undefined {
  const decoded = decode(text);
  for (let i = 0; i + 8 <= token.length; i++) {
    const piece = token.slice(i, i + 8);
    if (text.includes(piece) || decoded.includes(piece)) return piece;
  }
  return undefined;
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => {
        if (item instanceof Uint8Array) return `[${item.length} bytes]`;
        if (typeof item === 'object' && item !== null) {
          if (seen.has(item)) return '[cycle]';
          seen.add(item);
        }
        return item;
      }) ?? ''
    );
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}

/**
 * Every text surface of an error a user can reach: message, stack, `String()`, `JSON.stringify`,
 * `util.inspect`, every own field, and the same for each error of the `cause` chain.
 */
export function errorSurfaces(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const at = depth === 0 ? 'error' : `cause${depth}`;
    if (current instanceof Error) {
      out[`${at}.message`] = current.message;
      out[`${at}.stack`] = String(current.stack);
      out[`${at}.toString`] = String(current);
      for (const key of Object.keys(current))
        out[`${at}.${key}`] = safeJson((current as unknown as Record<string, unknown>)[key]);
    } else out[at] = typeof current === 'string' ? current : safeJson(current);
    out[`${at}.json`] = safeJson(current);
    out[`${at}.inspect`] = inspect(current, { depth: Number.POSITIVE_INFINITY });
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

/** Structured data as text (bytes summarised). */
export function dataSurface(value: unknown): string {
  return `${safeJson(value)}\n${inspect(value, { depth: Number.POSITIVE_INFINITY })}`;
}

/** The surfaces that hold the token: `{ surface: piece }`. */
export function leaks(surfaces: Record<string, string>, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(surfaces)) {
    const piece = findToken(text, token);
    if (piece)
      out[name] =
        `${piece} in: ${text.slice(Math.max(0, text.indexOf(piece) - 60), text.indexOf(piece) + 40)}`;
  }
  return out;
}
