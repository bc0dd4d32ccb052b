import { createImageClient, type ImageClient } from '../client/create-image-client.js';
import { zodToInvalidRequest } from '../client/zod-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ModelLoadError } from '../errors/model-load-error.js';
import type { Middleware } from '../middleware/middleware.js';
import type { ImageProvider } from '../spec/image-provider.js';
import { builtInMiddleware } from './builtin-middleware.js';
import {
  type PictorConfig,
  type ProviderObject,
  pictorConfigSchema,
  providerObjectSchema,
} from './config-schema.js';
import { loadOptionalModule, type ModuleImporter } from './module-loader.js';
import { parseProviderString } from './provider-string.js';
import {
  getMiddlewareRegistration,
  getProviderRegistration,
  middlewareNames,
  type ProviderConfigContext,
  providerIds,
  type VisionAskFunction,
} from './registry.js';
import { type Environment, resolveSecretRefs } from './secrets.js';

/** The provider used when no config names one: the embedded model, no account, no download. */
export const DEFAULT_PROVIDER = 'tfjs:emoji';

/** Options for resolving a config. */
export interface ResolveOptions {
  /** Environment for `{ "env": … }` references and provider defaults. Default `process.env` where it exists. */
  env?: Environment;
  /** Base directory for relative model paths. */
  cwd?: string;
  /** How optional packages are imported. Pass `(id) => import(id)` from your app if resolution from core fails. */
  importModule?: ModuleImporter;
}

function defaultEnv(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}

function nearest(name: string, candidates: readonly string[]): string[] {
  return candidates.filter((c) => c.startsWith(name.slice(0, 2)) || name.includes(c) || c.includes(name));
}

/** Parses and checks a config object; errors name the path of the bad value. */
export function parseConfig(input: unknown): PictorConfig {
  const result = pictorConfigSchema.safeParse(input);
  if (!result.success) throw zodToInvalidRequest(result.error);
  return result.data;
}

function toObject(spec: string | ProviderObject, field: string): ProviderObject {
  if (typeof spec === 'string') return parseProviderString(spec, field);
  const parsed = providerObjectSchema.safeParse(spec);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, field);
  return parsed.data;
}

/** A provider spec's registration and its settings with `{ env }` references resolved (secret settings only). */
function resolveSpec(spec: string | ProviderObject, options: ResolveOptions, field: string) {
  const env = options.env ?? defaultEnv();
  const object = toObject(spec, field);
  const registration = getProviderRegistration(object.id);
  if (!registration) {
    const known = providerIds();
    throw new InvalidRequestError(field, `unknown provider "${object.id}" (known: ${known.join(', ')})`, {
      suggestions: nearest(object.id, known),
    });
  }
  const resolved: ProviderObject = {
    ...object,
    ...(object.settings
      ? {
          settings: resolveSecretRefs(
            object.settings,
            env,
            `${field}.settings`,
            registration.secretSettings,
          ) as Record<string, unknown>,
        }
      : {}),
  };
  return { env, registration, object, resolved };
}

/** Resolves one provider spec (`id:model?…` or object) into a provider, importing its adapter lazily. */
export async function resolveProvider(
  spec: string | ProviderObject,
  options: ResolveOptions = {},
  field = 'provider',
): Promise<ImageProvider> {
  const { env, registration, resolved } = resolveSpec(spec, options, field);
  const context = configContext(options, env);
  if (registration.create) return registration.create(resolved, context);
  const module = await loadOptionalModule(
    registration.packageName!,
    registration.install ?? `npm install ${registration.packageName}`,
    options.importModule,
  );
  const factory = module.providerFromConfig;
  if (typeof factory !== 'function') {
    throw new ModelLoadError(`${registration.packageName} does not export providerFromConfig`);
  }
  return (factory as (c: ProviderObject, x: ProviderConfigContext) => Promise<ImageProvider>)(
    resolved,
    context,
  );
}

function configContext(options: ResolveOptions, env: Environment): ProviderConfigContext {
  return {
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.importModule ? { importModule: options.importModule } : {}),
    resolveProvider: (nested, nestedField) => resolveProvider(nested, options, nestedField),
    resolveVision: (nested, nestedField) => resolveVision(nested, options, nestedField),
  };
}

/**
 * Resolves a provider spec naming a vision model into a question function, importing the adapter lazily
 * and calling its `visionFromConfig` (secrets resolved as for image providers).
 *
 * @example
 * const ask = await resolveVision('workers-ai:@cf/meta/llama-3.2-11b-vision-instruct');
 * const { answer } = await ask({ image: png, question: 'Is there a red apple? Answer yes or no.' });
 */
export async function resolveVision(
  spec: string | ProviderObject,
  options: ResolveOptions = {},
  field = 'provider',
): Promise<VisionAskFunction> {
  const { env, registration, object, resolved } = resolveSpec(spec, options, field);
  if (!registration.packageName)
    throw new InvalidRequestError(field, `provider "${object.id}" has no vision models`);
  const module = await loadOptionalModule(
    registration.packageName,
    registration.install ?? `npm install ${registration.packageName}`,
    options.importModule,
  );
  const factory = module.visionFromConfig;
  if (typeof factory !== 'function') {
    throw new InvalidRequestError(
      field,
      `provider "${object.id}" has no vision models (no visionFromConfig)`,
    );
  }
  return (factory as (c: ProviderObject, x: ProviderConfigContext) => Promise<VisionAskFunction>)(
    resolved,
    configContext(options, env),
  );
}

/** Resolves the config's middleware list, in order. */
export async function resolveMiddleware(
  config: PictorConfig,
  options: ResolveOptions = {},
): Promise<Middleware[]> {
  const env = options.env ?? defaultEnv();
  const out: Middleware[] = [];
  for (const [i, spec] of (config.middleware ?? []).entries()) {
    const field = `middleware[${i}]`;
    const { use, ...rest } = spec;
    // Nested provider specs (fallback's `providers`, a vlm judge's `provider`) keep their references:
    // resolveProvider / resolveVision resolve them against that provider's own secret settings.
    const middlewareOptions = resolveSecretRefs(
      rest,
      env,
      field,
      builtInMiddleware[use] ? [] : (getMiddlewareRegistration(use)?.secretOptions ?? []),
      (relative) =>
        (use === 'fallback' && /^providers\[\d+\]$/.test(relative)) ||
        (use === 'hallucination-check' && /^judges\[\d+\]\.vlm\.provider$/.test(relative)),
    ) as Record<string, unknown>;
    const context = { ...configContext(options, env), field };
    const builtIn = builtInMiddleware[use];
    if (builtIn) {
      out.push(await builtIn(middlewareOptions, context));
      continue;
    }
    const registration = getMiddlewareRegistration(use);
    if (!registration) {
      const known = middlewareNames(Object.keys(builtInMiddleware));
      throw new InvalidRequestError(
        `${field}.use`,
        `unknown middleware "${use}" (known: ${known.join(', ')})`,
        {
          suggestions: nearest(use, known),
        },
      );
    }
    if (registration.create) {
      out.push(await registration.create(middlewareOptions, context));
      continue;
    }
    const module = await loadOptionalModule(
      registration.packageName!,
      registration.install ?? `npm install ${registration.packageName}`,
      options.importModule,
    );
    const factory = module.middlewareFromConfig;
    if (typeof factory !== 'function')
      throw new ModelLoadError(`${registration.packageName} does not export middlewareFromConfig`);
    out.push(
      await (factory as (o: Record<string, unknown>, c: typeof context) => Promise<Middleware>)(
        middlewareOptions,
        context,
      ),
    );
  }
  return out;
}

/**
 * Creates a client from a config: the provider by string or object (default `tfjs:emoji`),
 * middleware by `use` name, adapters and middleware packages imported lazily.
 *
 * @example
 * const client = await createImageClientFromConfig({
 *   provider: 'workers-ai:@cf/black-forest-labs/flux-1-schnell',
 *   middleware: [{ use: 'retry', maxRetries: 3 }, { use: 'licence-tagging' }],
 * });
 */
export async function createImageClientFromConfig(
  input: PictorConfig | unknown,
  options: ResolveOptions = {},
): Promise<ImageClient> {
  const config = parseConfig(input);
  const middleware = await resolveMiddleware(config, options);
  const provider = await resolveProvider(config.provider ?? DEFAULT_PROVIDER, options);
  return createImageClient({ provider, middleware, strict: config.strict ?? false });
}
