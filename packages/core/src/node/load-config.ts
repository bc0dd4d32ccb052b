import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PictorConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/create-from-config.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** A config file to read. Overrides `PICTOR_CONFIG` and `./pictor.config.json`. */
  file?: string;
  /** Directory for `pictor.config.json` and relative paths. Default `process.cwd()`. */
  cwd?: string;
  /** Environment. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** A loaded config and where it came from. */
export interface LoadedConfig {
  config: PictorConfig;
  /** `file:PATH`, `env:PICTOR_CONFIG`, `env:PICTOR_PROVIDER` or `default`. */
  source: string;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidRequestError(
      'config',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError('config', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function withFile<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) {
      throw new InvalidRequestError(
        error.field,
        `${error.message.slice(error.field.length + 2)} (in ${path})`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Finds and reads the config, in this order: `options.file`; the file named by `PICTOR_CONFIG` (or
 * inline JSON when it starts with `{`); `./pictor.config.json`; then `PICTOR_PROVIDER` alone. A file's
 * provider wins over `PICTOR_PROVIDER`. With nothing found, the config is empty (the embedded model).
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const envProvider = env.PICTOR_PROVIDER?.trim() || undefined;
  const withEnvProvider = (config: PictorConfig): PictorConfig =>
    config.provider === undefined && envProvider ? { ...config, provider: envProvider } : config;

  const file =
    options.file ??
    (env.PICTOR_CONFIG?.trim().startsWith('{') ? undefined : env.PICTOR_CONFIG?.trim() || undefined);
  if (file) {
    const path = resolve(cwd, file);
    const json = await readJson(path);
    return { config: withEnvProvider(withFile(path, () => parseConfig(json))), source: `file:${path}` };
  }
  const inline = env.PICTOR_CONFIG?.trim();
  if (inline?.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(inline);
    } catch (error) {
      throw new InvalidRequestError('PICTOR_CONFIG', `is not valid JSON: ${(error as Error).message}`);
    }
    return { config: withEnvProvider(parseConfig(json)), source: 'env:PICTOR_CONFIG' };
  }
  const local = resolve(cwd, 'pictor.config.json');
  if (existsSync(local)) {
    const json = await readJson(local);
    return { config: withEnvProvider(withFile(local, () => parseConfig(json))), source: `file:${local}` };
  }
  if (envProvider) return { config: parseConfig({ provider: envProvider }), source: 'env:PICTOR_PROVIDER' };
  return { config: {}, source: 'default' };
}
