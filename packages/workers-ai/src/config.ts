import {
  type ImageProvider,
  InvalidRequestError,
  type ProviderConfigContext,
  type ProviderObject,
  zodToInvalidRequest,
} from '@pictor/core';
import { z } from 'zod';
import { createWorkersAI } from './provider.js';
import { workersAISettingsSchema } from './settings.js';
import type { VisionJudge, WorkersAIVisionModelId } from './vision/vision-model.js';

/** Model options allowed in a provider string: `workers-ai:@cf/…?gateway=my-gateway&cacheTtl=3600&skipCache=true`. */
export const workersAIModelOptionsSchema = z
  .object({
    gateway: z.string().min(1).optional(),
    cacheTtl: z.coerce.number().int().min(60).optional(),
    skipCache: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** The provider object's settings with the account and token defaulted from the environment, checked. */
function credentials(config: ProviderObject, context: ProviderConfigContext) {
  const settings = {
    ...config.settings,
    accountId: config.settings?.accountId ?? context.env.CLOUDFLARE_ACCOUNT_ID,
    apiToken: config.settings?.apiToken ?? context.env.CLOUDFLARE_API_TOKEN,
  };
  if (settings.accountId === undefined) {
    throw zodToInvalidRequest(
      new z.ZodError([
        {
          code: 'custom',
          path: ['accountId'],
          message: 'is not set: give settings.accountId or set CLOUDFLARE_ACCOUNT_ID',
          input: undefined,
        },
      ]),
      'provider.settings',
    );
  }
  if (settings.apiToken === undefined) {
    throw zodToInvalidRequest(
      new z.ZodError([
        {
          code: 'custom',
          path: ['apiToken'],
          message: 'is not set: give settings.apiToken as { "env": "NAME" } or set CLOUDFLARE_API_TOKEN',
          input: undefined,
        },
      ]),
      'provider.settings',
    );
  }
  const parsed = workersAISettingsSchema.safeParse(settings);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'provider.settings');
  return parsed.data;
}

/**
 * Core's config hook: builds a provider from `{ id: 'workers-ai', model, settings?, options? }`.
 * `settings.accountId` / `settings.apiToken` default to `CLOUDFLARE_ACCOUNT_ID` / `CLOUDFLARE_API_TOKEN`
 * from the context's environment; a missing one is an error naming the config path.
 *
 * @example
 * await createImageClientFromConfig({ provider: 'workers-ai:@cf/black-forest-labs/flux-1-schnell?gateway=default' });
 */
export function providerFromConfig(config: ProviderObject, context: ProviderConfigContext): ImageProvider {
  const settings = credentials(config, context);
  const options = workersAIModelOptionsSchema.safeParse(config.options ?? {});
  if (!options.success) throw zodToInvalidRequest(options.error, 'provider.options');
  const { gateway, cacheTtl, skipCache } = options.data;
  const provider = createWorkersAI(definedOnly(settings) as unknown as Parameters<typeof createWorkersAI>[0]);
  return provider(
    config.model,
    gateway
      ? {
          gateway: {
            id: gateway,
            ...(cacheTtl !== undefined ? { cacheTtl } : {}),
            ...(skipCache !== undefined ? { skipCache: skipCache === 'true' } : {}),
          },
        }
      : {},
  );
}

function definedOnly(settings: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/**
 * Core's vision hook (`resolveVision`): a question function for a Workers AI vision model, from
 * `{ id: 'workers-ai', model: '@cf/meta/llama-3.2-11b-vision-instruct', settings? }`, with the same
 * account and token defaults as `providerFromConfig`. The hallucination check's `vlm` judge gets it
 * from config this way, without importing this package.
 *
 * @example
 * const ask = await resolveVision('workers-ai:@cf/cloudflare/clef');
 */
export function visionFromConfig(config: ProviderObject, context: ProviderConfigContext): VisionJudge {
  const settings = credentials(config, context);
  if (config.options && Object.keys(config.options).length > 0)
    throw new InvalidRequestError('provider.options', 'vision models take no model options');
  const provider = createWorkersAI(definedOnly(settings) as unknown as Parameters<typeof createWorkersAI>[0]);
  return provider.vision(config.model as WorkersAIVisionModelId).judge;
}
