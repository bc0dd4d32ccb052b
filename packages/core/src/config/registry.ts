import type { Middleware } from '../middleware/middleware.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ProviderObject } from './config-schema.js';
import type { ModuleImporter } from './module-loader.js';
import type { Environment, SecretSettings } from './secrets.js';

/** What a provider factory receives from the config: the provider object with secrets resolved. */
export interface ProviderConfigContext {
  /** Environment variables (for defaults such as `CLOUDFLARE_API_TOKEN`). */
  env: Environment;
  /** Directory relative paths are resolved against. */
  cwd?: string;
  /** Imports further optional packages. */
  importModule?: ModuleImporter;
  /** Turns a nested provider spec into a provider (for `fallback`). */
  resolveProvider: (spec: string | ProviderObject, field: string) => Promise<ImageProvider>;
  /**
   * Turns a provider spec naming a vision model (`workers-ai:@cf/meta/llama-3.2-11b-vision-instruct`) into
   * a function that asks it a question about an image, through the adapter's `visionFromConfig` (for
   * middleware such as the hallucination check's `vlm` judge, which never imports adapters itself).
   */
  resolveVision?: (spec: string | ProviderObject, field: string) => Promise<VisionAskFunction>;
}

/** Asks a vision model a question about one encoded image (PNG, JPEG or WebP); `yesProbability` when the model reports one. */
export type VisionAskFunction = (input: {
  image: Uint8Array;
  question: string;
  signal?: AbortSignal;
}) => Promise<{ answer: string; yesProbability?: number }>;

/** An adapter package's vision hook: exported as `visionFromConfig`, it builds a question function from a provider object. */
export type VisionFromConfig = (
  config: ProviderObject,
  context: ProviderConfigContext,
) => VisionAskFunction | Promise<VisionAskFunction>;

/**
 * An adapter package's config hook: the package exports it as `providerFromConfig`.
 */
export type ProviderFromConfig = (
  config: ProviderObject,
  context: ProviderConfigContext,
) => ImageProvider | Promise<ImageProvider>;

/**
 * A middleware package's config hook: exported as `middlewareFromConfig`. `field` is the config path
 * of the options (for error messages).
 */
export type MiddlewareFromConfig = (
  options: Record<string, unknown>,
  context: ProviderConfigContext & { field: string },
) => Middleware | Promise<Middleware>;

/** A provider id the registry knows: either a package to import lazily, or a factory. */
export interface ProviderRegistration {
  id: string;
  /** The package that exports `providerFromConfig`. */
  packageName?: string;
  /** What to tell users to install when the package is missing. */
  install?: string;
  /** A direct factory (registered in code), instead of a package. */
  create?: ProviderFromConfig;
  /** The settings that may be `{ "env": "NAME" }` references (for example `apiToken`); none by default. */
  secretSettings?: SecretSettings;
}

/** A middleware name the registry knows. */
export interface MiddlewareRegistration {
  name: string;
  packageName?: string;
  install?: string;
  create?: MiddlewareFromConfig;
  /** The options that may be `{ "env": "NAME" }` references; none by default. */
  secretOptions?: SecretSettings;
}

const providers = new Map<string, ProviderRegistration>([
  [
    'workers-ai',
    {
      id: 'workers-ai',
      packageName: '@pictor/workers-ai',
      install: 'npm install @pictor/workers-ai',
      secretSettings: ['accountId', 'apiToken', 'gateway.authorization', 'headers.*'],
    },
  ],
  ['onnx', { id: 'onnx', packageName: '@pictor/onnx', install: 'npm install @pictor/onnx onnxruntime-node' }],
  [
    'tfjs',
    {
      id: 'tfjs',
      packageName: '@pictor/tfjs',
      install: 'npm install @pictor/tfjs @pictor/model-emoji @tensorflow/tfjs @tensorflow/tfjs-backend-wasm',
    },
  ],
  // `ai-sdk:<package>:<model id>`, e.g. `ai-sdk:@ai-sdk/openai:gpt-image-1`: any Vercel AI SDK image model.
  [
    'ai-sdk',
    {
      id: 'ai-sdk',
      packageName: '@pictor/ai-sdk',
      install: 'npm install @pictor/ai-sdk',
      secretSettings: ['apiKey', 'headers.*'],
    },
  ],
]);

const middlewares = new Map<string, MiddlewareRegistration>([
  [
    'hallucination-check',
    {
      name: 'hallucination-check',
      packageName: '@pictor/hallucination-check',
      install: 'npm install @pictor/hallucination-check',
    },
  ],
  [
    'licence-tagging',
    {
      name: 'licence-tagging',
      packageName: '@pictor/licence-tagging',
      install: 'npm install @pictor/licence-tagging',
    },
  ],
  [
    'watermark',
    {
      name: 'watermark',
      packageName: '@pictor/watermark',
      install: 'npm install @pictor/watermark',
      // The key may come from { "env": "NAME" }; it is never written in the file.
      secretOptions: ['key'],
    },
  ],
]);

/** Adds (or replaces) a provider id in the config registry. */
export function registerProvider(registration: ProviderRegistration): void {
  providers.set(registration.id, registration);
}

/** Adds (or replaces) a middleware name in the config registry. */
export function registerMiddleware(registration: MiddlewareRegistration): void {
  middlewares.set(registration.name, registration);
}

/** The registered provider ids. */
export function providerIds(): string[] {
  return [...providers.keys()];
}

/** Looks up a provider registration. */
export function getProviderRegistration(id: string): ProviderRegistration | undefined {
  return providers.get(id);
}

/** Looks up a middleware registration (core's own middlewares are resolved before this). */
export function getMiddlewareRegistration(name: string): MiddlewareRegistration | undefined {
  return middlewares.get(name);
}

/** The registered middleware names, core's own included. */
export function middlewareNames(builtIn: readonly string[]): string[] {
  return [...builtIn, ...middlewares.keys()];
}
