import {
  type ImageProvider,
  InvalidRequestError,
  loadOptionalModule,
  ModelLoadError,
  type ProviderConfigContext,
  type ProviderObject,
  registerSecret,
} from '@pictor/core';
import type { AISDKImageModel } from '../ai-sdk-spec.js';
import { fromImageModel } from '../from-image-model/from-image-model.js';
import { PROVIDER_PACKAGES } from './provider-packages.js';

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Splits `<package>:<model id>` (the model id may itself contain `:` and `/`). */
export function parseAISDKModel(
  model: string,
  field = 'provider.model',
): { packageName: string; modelId: string } {
  const colon = model.indexOf(':');
  const packageName = colon > 0 ? model.slice(0, colon).trim() : '';
  const modelId = colon > 0 ? model.slice(colon + 1).trim() : '';
  if (!packageName || !modelId || !PACKAGE_NAME.test(packageName)) {
    throw new InvalidRequestError(
      field,
      `"${model}" is not of the form <package>:<model id> (for example @ai-sdk/openai:gpt-image-1)`,
    );
  }
  return { packageName, modelId };
}

type ImageFactory = { image?: (id: string) => unknown; imageModel?: (id: string) => unknown };

async function importPackage(
  packageName: string,
  context: ProviderConfigContext,
): Promise<Record<string, unknown>> {
  const install = `npm install ${packageName}`;
  if (context.importModule) {
    try {
      return await loadOptionalModule(packageName, install, context.importModule);
    } catch {
      // Not resolvable from the caller: try from this package and the working directory.
    }
  }
  return loadOptionalModule(packageName, install);
}

/**
 * Core's config hook for `ai-sdk:<package>:<model id>`, e.g. `ai-sdk:@ai-sdk/openai:gpt-image-1` or
 * `ai-sdk:@ai-sdk/fal:fal-ai/flux/schnell`. The provider package is imported lazily (a missing one
 * is a `ModelLoadError` saying what to install); `settings` go to its factory (`baseURL`, `headers`,
 * `apiKey` as `{ "env": "NAME" }`…); the API key defaults to the variable the package documents
 * (`OPENAI_API_KEY`, `FAL_API_KEY`…), and a missing one is an error before any call.
 * `settings.capabilities` overrides the model's capabilities.
 *
 * @example
 * await createImageClientFromConfig({ provider: 'ai-sdk:@ai-sdk/openai:gpt-image-1', middleware: [{ use: 'licence-tagging' }] });
 */
export async function providerFromConfig(
  config: ProviderObject,
  context: ProviderConfigContext,
): Promise<ImageProvider> {
  const { packageName, modelId } = parseAISDKModel(config.model);
  const known = PROVIDER_PACKAGES[packageName];
  const { capabilities, ...settings } = (config.settings ?? {}) as Record<string, unknown>;
  if (
    capabilities !== undefined &&
    (typeof capabilities !== 'object' || capabilities === null || Array.isArray(capabilities))
  ) {
    throw new InvalidRequestError('provider.settings.capabilities', 'must be an object of capabilities');
  }
  if (Object.keys(config.options ?? {}).length > 0) {
    throw new InvalidRequestError('provider.options', 'ai-sdk providers take no ?options; use settings');
  }
  if (known && settings.apiKey === undefined) {
    const name = known.apiKeyEnv.find((variable) => context.env[variable]);
    if (!name) {
      throw new InvalidRequestError(
        'provider.settings.apiKey',
        `is not set: give settings.apiKey as { "env": "NAME" } or set ${known.apiKeyEnv.join(' or ')}`,
      );
    }
    settings.apiKey = context.env[name];
    registerSecret(settings.apiKey as string);
  }
  const module = await importPackage(packageName, context);
  const factoryName = known?.factory ?? Object.keys(module).find((key) => /^create[A-Z]/.test(key));
  const factory = factoryName ? module[factoryName] : undefined;
  if (typeof factory !== 'function') {
    throw new ModelLoadError(`${packageName} exports no create…() provider factory`);
  }
  const instance = (factory as (settings: Record<string, unknown>) => ImageFactory)(settings);
  const make = instance.image ?? instance.imageModel;
  if (typeof make !== 'function')
    throw new ModelLoadError(`${packageName} has no image models (no image() or imageModel())`);
  const model = make.call(instance, modelId) as AISDKImageModel;
  return fromImageModel(model, capabilities ? { capabilities: capabilities as Record<string, never> } : {});
}
