const registered = new Set<string>();
let secretPattern: RegExp | undefined;

/**
 * The shortest piece of a registered secret that is redacted on its own: a text cut in the middle of
 * a token (a body truncated before it reached us) still loses every piece of 8 characters or more.
 */
const MIN_PIECE = 8;

/**
 * Registers a secret (an API token) so that `redactSecrets` removes it from any text. Adapters call
 * this for every credential they hold. Values shorter than 8 characters are ignored.
 */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_PIECE && !registered.has(secret)) {
    registered.add(secret);
    secretPattern = undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * One character of a secret in every form a server may echo it in: literal, JSON-escaped
 * (`\u002d`, `\/`), URL-encoded (`%2D`, `%2d`, `%252D`) and form-encoded (`+` for a space).
 */
function characterForms(char: string): string {
  const code = char.charCodeAt(0);
  const hex = code.toString(16).padStart(2, '0');
  const hexPattern = (digits: string) =>
    [...digits].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
  const forms = [escapeRegExp(char), `\\\\u${hexPattern(hex.padStart(4, '0'))}`];
  if (code < 0x80) forms.push(`%(?:25)?${hexPattern(hex)}`);
  if (char === '/') forms.push('\\\\/');
  if (char === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}

/**
 * A secret and every prefix of it of at least `MIN_PIECE` characters, each character in any of its
 * encoded forms. Linear: every alternative starts with a different character, and the optional tail
 * is nested so a failed match never backtracks more than the secret's length.
 */
function secretSource(secret: string): string {
  const chars = [...secret];
  const head = chars.slice(0, MIN_PIECE).map(characterForms).join('');
  let tail = '';
  for (let i = chars.length - 1; i >= MIN_PIECE; i--) tail = `(?:${characterForms(chars[i]!)}${tail})?`;
  return head + tail;
}

function pattern(): RegExp | undefined {
  if (registered.size === 0) return undefined;
  // Longest first, so a secret that starts with another is removed whole.
  secretPattern ??= new RegExp(
    [...registered]
      .sort((a, b) => b.length - a.length)
      .map(secretSource)
      .join('|'),
    'g',
  );
  return secretPattern;
}

const credentialPatterns: RegExp[] = [
  // An authorization value of 8+ characters (`gateway.authorization: is required` is not one).
  /(authorization["']?\s*[:=]\s*["']?(?:bearer\s+|basic\s+)?)[^\s"',}]{8,}/gi,
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // A quoted value after a credential's name (`"api_token":"…"`) is one, whatever it looks like.
  /((?:api[_-]?token|api[_-]?key|access[_-]?token|secret|password|token)["']?\s*[:=]\s*["'])[^\s"',}&]+/gi,
  // An unquoted one must look like a credential — 8+ characters with a digit, or 20+ — so that a
  // config error such as `apiToken: environment variable X is not set` stays readable.
  /((?:api[_-]?token|api[_-]?key|access[_-]?token|secret|password|token)["']?\s*[:=]\s*)(?:(?=[^\s"',}&]*\d)[^\s"',}&]{8,}|[^\s"',}&]{20,})/gi,
];

/**
 * Replaces registered secrets — whole, cut short (any prefix of 8 characters or more), JSON-escaped
 * or URL-encoded — and anything that looks like a credential with `[REDACTED]`. Redact first, then
 * truncate: `redactSecrets(text).slice(0, n)`, never the other way round.
 */
export function redactSecrets(text: string): string {
  let out = text;
  const secrets = pattern();
  if (secrets) out = out.replace(secrets, '[REDACTED]');
  for (const credential of credentialPatterns)
    out = out.replace(credential, (_m, prefix: string) => `${prefix}[REDACTED]`);
  return out;
}

/** Redacts `text`, then cuts it to `maxLength` characters (with `…` when cut). */
export function redactAndTruncate(text: string, maxLength: number): string {
  const redacted = redactSecrets(text);
  return redacted.length <= maxLength ? redacted : `${redacted.slice(0, maxLength)}…`;
}

/** True when `text` holds a registered secret (or a piece of one) in any form `redactSecrets` removes. */
export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}
