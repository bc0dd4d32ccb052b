import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { registerSecret } from '../errors/redact.js';

/** Environment variables, as `process.env` or a Worker's `env`. */
export type Environment = Record<string, string | undefined>;

/**
 * Which settings may hold a `{ "env": "NAME" }` reference: paths relative to the settings object,
 * dot notation (`apiToken`, `gateway.authorization`; `headers.*` for every key of `headers`). A
 * reference anywhere else is a config error,
 * so a secret can never be routed into a setting that ends up in an image, a log or a file (a
 * copyright notice, a cache directory…).
 */
export type SecretSettings = readonly string[];

/** True for `{ "env": "NAME" }`. */
export function isSecretRef(value: unknown): value is { env: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { env?: unknown }).env === 'string'
  );
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function refuse(path: string, name: string): never {
  throw new InvalidRequestError(
    path,
    `the reference to environment variable ${name} is refused: references are only accepted in settings declared secret (such as a provider's apiToken), and this setting is not one`,
  );
}

/**
 * Replaces the `{ "env": "NAME" }` references inside `value` with the variables' values — only at
 * the paths listed in `secretSettings` (relative to `value`); a reference at any other path is an
 * `InvalidRequestError` naming it, and so is a missing variable. Resolved values are registered as
 * secrets, so they are redacted from every error, log line, event and result. `path` is the config
 * path of `value`, for messages. Subtrees for which `skip` answers true are returned untouched (a
 * nested provider spec, resolved later with its own secret settings).
 */
export function resolveSecretRefs(
  value: unknown,
  env: Environment,
  path: string,
  secretSettings: SecretSettings = [],
  skip: (relativePath: string) => boolean = () => false,
): unknown {
  const allowed = (relative: string) =>
    secretSettings.some((setting) =>
      setting.endsWith('.*')
        ? relative.startsWith(setting.slice(0, -1)) && !relative.slice(setting.length - 1).includes('.')
        : setting === relative,
    );
  const walk = (item: unknown, relative: string, full: string): unknown => {
    if (relative && skip(relative)) return item;
    if (isSecretRef(item)) {
      if (!allowed(relative)) refuse(full, item.env);
      const resolved = env[item.env];
      if (resolved === undefined || resolved === '') {
        throw new InvalidRequestError(full, `environment variable ${item.env} is not set`);
      }
      registerSecret(resolved);
      return resolved;
    }
    if (Array.isArray(item)) return item.map((entry, i) => walk(entry, `${relative}[${i}]`, `${full}[${i}]`));
    if (item && typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item))
        out[key] = walk(entry, join(relative, key), join(full, key));
      return out;
    }
    return item;
  };
  return walk(value, '', path);
}
