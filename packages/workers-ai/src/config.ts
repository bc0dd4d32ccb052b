import {
  type ImageProvider,
  type ProviderConfigContext,
  type ProviderObject,
  zodToInvalidRequest,
} from '@pictor/core';
import { z } from 'zod';
import { createWorkersAI } from './provider.js';
import { workersAISettingsSchema } from './settings.js';

/** Model options allowed in a provider string: `workers-ai:@cf/…?gateway=my-gateway&cacheTtl=3600&skipCache=true`. */
export const workersAIModelOptionsSchema = z
  .object({
    gateway: z.string().min(1).optional(),
    cacheTtl: z.coerce.number().int().min(60).optional(),
    skipCache: z.enum(['true', 'false']).optional(),
  })
  .strict();

/**
 * Core's config hook: builds a provider from `{ id: 'workers-ai', model, settings?, options? }`.
 * `settings.accountId` / `settings.apiToken` default to `CLOUDFLARE_ACCOUNT_ID` / `CLOUDFLARE_API_TOKEN`
 * from the context's environment; a missing one is an error naming the config path.
 *
 * @example
 * await createImageClientFromConfig({ provider: 'workers-ai:@cf/black-forest-labs/flux-1-schnell?gateway=default' });
 */
export function providerFromConfig(config: ProviderObject, context: ProviderConfigContext): ImageProvider {
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
  const options = workersAIModelOptionsSchema.safeParse(config.options ?? {});
  if (!options.success) throw zodToInvalidRequest(options.error, 'provider.options');
  const { gateway, cacheTtl, skipCache } = options.data;
  const provider = createWorkersAI(
    Object.fromEntries(
      Object.entries(parsed.data).filter(([, v]) => v !== undefined),
    ) as unknown as Parameters<typeof createWorkersAI>[0],
  );
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
