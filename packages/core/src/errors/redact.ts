const registered = new Set<string>();

/**
 * Registers a secret (an API token) so that `redactSecrets` removes it from any text. Adapters call
 * this for every credential they hold. Values shorter than 8 characters are ignored.
 */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) registered.add(secret);
}

const patterns: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi,
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:api[_-]?token|api[_-]?key|access[_-]?token|secret|password|token)["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi,
];

/** Replaces registered secrets and anything that looks like a credential with `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of registered) out = out.split(secret).join('[REDACTED]');
  for (const pattern of patterns) out = out.replace(pattern, (_m, prefix: string) => `${prefix}[REDACTED]`);
  return out;
}
