import {
  builtInMiddlewareSchemas,
  getProviderRegistration,
  PictorError,
  parseProviderString,
  pictorConfigSchema,
  providerIds,
} from '@pictor/core';
import { formatPath } from '@pictor/core/internal';
import type { z } from 'zod';
import { jsonLocations, type Location, lineColumn, locate } from './json-locations.js';

/** One thing wrong (or worth knowing) about a config file. */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  /** Path of the value, `middleware[1].maxRetries`; empty for the whole file. */
  path: string;
  message: string;
  /** Where the value is in the file. */
  location?: Location;
  /** The path to locate, when it differs from `path`. */
  at?: string;
}

const DOMAIN_MIDDLEWARE = ['hallucination-check', 'licence-tagging'];
const SECRET_KEY = /token|secret|password|api[_-]?key|credential/i;

function isSecretRef(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { env?: unknown }).env === 'string';
}

/** Every `{ "env": NAME }` reference under `value`, with its path. */
function secretRefs(value: unknown, path: string, out: { path: string; name: string }[] = []) {
  if (isSecretRef(value)) out.push({ path, name: (value as { env: string }).env });
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) secretRefs(item, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) secretRefs(item, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/** Where a provider object's settings may hold references: its registration's secret settings. */
function secretSettingsOf(provider: unknown): readonly string[] {
  const id = (provider as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? (getProviderRegistration(id)?.secretSettings ?? []) : [];
}

/** True when a reference at `path` sits in a setting declared secret (as resolving the config checks). */
function refAllowed(json: unknown, path: string): boolean {
  const match = /^(provider|middleware\[(\d+)\]\.providers\[(\d+)\])\.settings\.(.+)$/.exec(path);
  if (!match) return false;
  const root = json as { provider?: unknown; middleware?: { use?: unknown; providers?: unknown[] }[] };
  const provider =
    match[1] === 'provider'
      ? root.provider
      : root.middleware?.[Number(match[2])]?.use === 'fallback'
        ? root.middleware?.[Number(match[2])]?.providers?.[Number(match[3])]
        : undefined;
  const setting = match[4]!;
  return secretSettingsOf(provider).some((allowed) =>
    allowed.endsWith('.*')
      ? setting.startsWith(allowed.slice(0, -1)) && !setting.slice(allowed.length - 1).includes('.')
      : allowed === setting,
  );
}

/** Secrets written in the file as literal strings (under a key that names a secret). */
function literalSecrets(value: unknown, path: string, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) literalSecrets(item, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object' && !isSecretRef(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = path ? `${path}.${key}` : key;
      if (typeof item === 'string' && SECRET_KEY.test(key) && item.length > 0) out.push(child);
      else literalSecrets(item, child, out);
    }
  }
  return out;
}

function zodProblems(error: z.ZodError, prefix: string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const keys = (issue as { keys?: string[] }).keys;
    const path = formatPath(issue.path, prefix);
    if (issue.code === 'unrecognized_keys' && keys?.length) {
      return { severity: 'error', path: path ? `${path}.${keys[0]}` : keys[0]!, message: issue.message };
    }
    return { severity: 'error', path, message: issue.message };
  });
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function didYouMean(name: string, known: readonly string[]): string {
  const best = [...known].sort((x, y) => distance(name, x) - distance(name, y))[0];
  return best && distance(name, best) <= 2 ? `; did you mean "${best}"?` : '';
}

function checkProvider(provider: unknown, problems: ConfigProblem[]): void {
  if (provider === undefined) return;
  let id: string;
  try {
    id = typeof provider === 'string' ? parseProviderString(provider).id : (provider as { id: string }).id;
  } catch (error) {
    problems.push({
      severity: 'error',
      path: 'provider',
      message: (error as Error).message.replace(/^provider: /, ''),
    });
    return;
  }
  const known = providerIds();
  if (!known.includes(id)) {
    const path = typeof provider === 'string' ? 'provider' : 'provider.id';
    problems.push({
      severity: 'error',
      path,
      message: `unknown provider "${id}"${didYouMean(id, known)} (known: ${known.join(', ')})`,
    });
  }
}

/** The option schemas of the middleware packages that are installed (imported on demand). */
async function packageSchemas(): Promise<Record<string, z.ZodType>> {
  const out: Record<string, z.ZodType> = {};
  const sources: [string, string, string][] = [
    ['hallucination-check', '@pictor/hallucination-check', 'hallucinationCheckConfigSchema'],
    ['licence-tagging', '@pictor/licence-tagging', 'licenceTaggingConfigSchema'],
  ];
  for (const [name, packageName, exportName] of sources) {
    try {
      const schema = ((await import(packageName)) as Record<string, unknown>)[exportName];
      if (schema && typeof (schema as z.ZodType).safeParse === 'function') out[name] = schema as z.ZodType;
    } catch {
      // Not installed: its options are checked when the config is resolved.
    }
  }
  return out;
}

function checkMiddleware(
  middleware: readonly { use: string }[],
  problems: ConfigProblem[],
  packages: Record<string, z.ZodType>,
): void {
  const builtIn = { ...(builtInMiddlewareSchemas as Record<string, z.ZodType>), ...packages };
  const known = [...new Set([...Object.keys(builtIn), ...DOMAIN_MIDDLEWARE])];
  middleware.forEach((spec, i) => {
    const { use, ...options } = spec;
    const schema = builtIn[use];
    if (schema) {
      const result = schema.safeParse(options);
      if (!result.success) problems.push(...zodProblems(result.error, `middleware[${i}]`));
      if (use === 'fallback') {
        for (const [j, nested] of ((options as { providers?: unknown[] }).providers ?? []).entries()) {
          const nestedProblems: ConfigProblem[] = [];
          checkProvider(nested, nestedProblems);
          for (const problem of nestedProblems)
            problems.push({ ...problem, path: `middleware[${i}].providers[${j}]` });
        }
      }
    } else if (!known.includes(use)) {
      problems.push({
        severity: 'error',
        path: `middleware[${i}].use`,
        message: `unknown middleware "${use}"${didYouMean(use, known)} (known: ${known.join(', ')})`,
      });
    }
  });
  const names = middleware.map((spec) => spec.use);
  const retry = names.indexOf('retry');
  const check = names.indexOf('hallucination-check');
  const cache = names.indexOf('cache');
  if (cache >= 0 && retry >= 0 && cache > retry) {
    problems.push({
      severity: 'warning',
      path: `middleware[${cache}]`,
      message:
        'cache is inside retry: a cache hit still passes through retry; list cache first so hits return at once',
    });
  }
  if (check >= 0 && retry > check) {
    problems.push({
      severity: 'warning',
      path: `middleware[${retry}]`,
      message:
        'retry is inside hallucination-check: each re-roll is retried on its own; usually retry goes first (outermost)',
    });
  }
}

/**
 * Checks a config file's text completely, reporting every problem (not just the first) with its path
 * and line:column: JSON syntax, the schema, the provider string and id, middleware names and core's
 * middleware options, secrets written in the file, and `{ "env" }` references not set in `env`.
 */
export async function checkConfigText(
  text: string,
  env: Record<string, string | undefined>,
): Promise<ConfigProblem[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    return [
      {
        severity: 'error',
        path: '',
        message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
        ...(position ? { location: lineColumn(text, Number(position[1])) } : {}),
      },
    ];
  }
  const problems: ConfigProblem[] = [];
  const parsed = pictorConfigSchema.safeParse(json);
  if (!parsed.success) problems.push(...zodProblems(parsed.error, ''));
  const config = (json ?? {}) as { provider?: unknown; middleware?: unknown };
  if (parsed.success || typeof config.provider === 'string') checkProvider(config.provider, problems);
  if (
    Array.isArray(config.middleware) &&
    config.middleware.every((m) => typeof (m as { use?: unknown })?.use === 'string')
  ) {
    checkMiddleware(config.middleware as { use: string }[], problems, await packageSchemas());
  }
  for (const path of literalSecrets(json, '')) {
    // Reported on the parent, with the key in words: "apiToken: value" would itself look like a secret to redaction.
    const cut = path.lastIndexOf('.');
    problems.push({
      severity: 'error',
      path: cut > 0 ? path.slice(0, cut) : '',
      at: path,
      message: `${path.slice(cut + 1)} holds a literal secret; write { "env": "NAME" } and set NAME in the environment`,
    });
  }
  for (const ref of secretRefs(json, '')) {
    if (!refAllowed(json, ref.path)) {
      problems.push({
        severity: 'error',
        path: ref.path,
        message: `the reference to environment variable ${ref.name} is refused: references are only accepted in settings declared secret (such as a provider's apiToken), and this setting is not one`,
      });
    } else if (!env[ref.name]) {
      problems.push({
        severity: 'warning',
        path: ref.path,
        message: `environment variable ${ref.name} is not set here`,
      });
    }
  }
  const locations = jsonLocations(text);
  const located = problems.map((problem) => {
    const { at, ...rest } = problem;
    const location = locate(locations, at ?? problem.path);
    return location ? { ...rest, location } : rest;
  });
  // In file order, as an editor lists them.
  const order = (p: ConfigProblem) => (p.location ? p.location.line * 10_000 + p.location.column : 0);
  return located.sort((a, b) => order(a) - order(b));
}

/** The problem an error from resolving the config (`--resolve`) amounts to. */
export function problemFromError(error: unknown, text: string): ConfigProblem {
  const field = PictorError.isInstance(error) ? (error as { field?: unknown }).field : undefined;
  const path = typeof field === 'string' ? field : '';
  const message = (error as Error)?.message ?? String(error);
  const location = locate(jsonLocations(text), path);
  return {
    severity: 'error',
    path,
    message: path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message,
    ...(location ? { location } : {}),
  };
}
