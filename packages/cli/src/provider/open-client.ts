import {
  createImageClientFromConfig,
  DEFAULT_PROVIDER,
  type ImageClient,
  type MiddlewareSpec,
  type PictorConfig,
} from '@pictor/core';
import { loadConfig } from '@pictor/core/node';
import type { CliIo } from '../io.js';
import { checkJudgesFor } from './check-judges.js';

/** How the command chooses its provider and middleware. */
export interface ClientFlags {
  /** `-p`: a provider string; wins over everything else. */
  provider?: string | undefined;
  /** `-c`: a config file; else `PICTOR_CONFIG`, else `./pictor.config.json`. */
  config?: string | undefined;
  /** `--check`: add the hallucination check. */
  check?: boolean | undefined;
  /** `--tag`: add licence tagging. */
  tag?: boolean | undefined;
  /** The provider when nothing names one. Default the embedded model, `tfjs:emoji`. */
  defaultProvider?: string | undefined;
}

/** A client and where its provider came from (for `--verbose` and `--json`). */
export interface OpenedClient {
  client: ImageClient;
  /** The provider as named (`tfjs:emoji`, `workers-ai:@cf/…`, or `{ id, model }` as JSON). */
  providerName: string;
  /** `flag:-p`, `file:PATH`, `env:PICTOR_CONFIG`, `env:PICTOR_PROVIDER` or `default`. */
  source: string;
  /** The middleware names in order, first is outermost. */
  middleware: string[];
}

/**
 * Adds `--tag` and `--check` to the config's middleware, unless the config already lists them.
 * They go innermost, in this order: licence tagging outside the check, so the check judges the
 * pixels the model made (and may re-roll) and tagging writes its record into the image finally kept.
 */
export function withFlagMiddleware(
  middleware: readonly MiddlewareSpec[],
  flags: ClientFlags,
  provider: unknown = DEFAULT_PROVIDER,
): MiddlewareSpec[] {
  const out = [...middleware];
  const has = (name: string) => out.some((spec) => spec.use === name);
  if (flags.tag && !has('licence-tagging')) out.push({ use: 'licence-tagging' });
  if (flags.check && !has('hallucination-check')) {
    // The judges calibrated for what this provider makes (see checkJudgesFor).
    out.push({ use: 'hallucination-check', judges: checkJudgesFor(provider) } as MiddlewareSpec);
  }
  return out;
}

/** The config a command runs with, after `-p`, `--tag` and `--check`, and where its provider came from. */
export interface ResolvedConfig {
  config: PictorConfig;
  providerName: string;
  source: string;
}

/** Resolves the provider in the documented order — `-p`, then the config file, then the environment, then the embedded model. */
export async function resolveConfig(flags: ClientFlags, io: CliIo): Promise<ResolvedConfig> {
  const loaded = await loadConfig({
    ...(flags.config ? { file: flags.config } : {}),
    cwd: io.cwd,
    env: io.env,
  });
  const config: PictorConfig = { ...loaded.config };
  let source = loaded.config.provider === undefined ? 'default' : loaded.source;
  if (flags.provider) {
    config.provider = flags.provider;
    source = 'flag:-p';
  }
  if (config.provider === undefined && flags.defaultProvider) config.provider = flags.defaultProvider;
  const provider = config.provider ?? DEFAULT_PROVIDER;
  config.provider = provider;
  config.middleware = withFlagMiddleware(loaded.config.middleware ?? [], flags, provider);
  return {
    config,
    providerName:
      typeof provider === 'string' ? provider : JSON.stringify({ id: provider.id, model: provider.model }),
    source,
  };
}

/** How the CLI resolves configs: adapters are imported from the CLI's own dependencies, so a global `pictor` finds them. */
export function resolveOptions(io: CliIo) {
  return { env: io.env, cwd: io.cwd, importModule: (id: string) => import(id) };
}

/** Resolves the config (see `resolveConfig`) and creates the client. */
export async function openClient(flags: ClientFlags, io: CliIo): Promise<OpenedClient> {
  const { config, providerName, source } = await resolveConfig(flags, io);
  const client = await createImageClientFromConfig(config, resolveOptions(io));
  return { client, providerName, source, middleware: (config.middleware ?? []).map((spec) => spec.use) };
}
