import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { registerSecret } from '../errors/redact.js';

/** Environment variables, as `process.env` or a Worker's `env`. */
export type Environment = Record<string, string | undefined>;

function isSecretRef(value: unknown): value is { env: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { env?: unknown }).env === 'string'
  );
}

/**
 * Replaces every `{ "env": "NAME" }` inside `value` with the variable's value. A missing variable is an
 * `InvalidRequestError` naming the path. Resolved values are registered as secrets, so they are
 * redacted from every error message.
 */
export function resolveSecretRefs(value: unknown, env: Environment, path: string): unknown {
  if (isSecretRef(value)) {
    const resolved = env[value.env];
    if (resolved === undefined || resolved === '') {
      throw new InvalidRequestError(path, `environment variable ${value.env} is not set`);
    }
    registerSecret(resolved);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveSecretRefs(item, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = resolveSecretRefs(item, env, path ? `${path}.${key}` : key);
    return out;
  }
  return value;
}
