import { type MiddlewareFromConfig, zodToInvalidRequest } from '@pictor/core';
import { licenceTagging } from './licence-tagging.js';
import { type LicenceTaggingOptions, licenceTaggingConfigSchema } from './options.js';

/**
 * The config hook core's registry calls for `{ use: 'licence-tagging', ... }`: checks the options
 * with zod (errors name the path, e.g. `middleware[1].onUnknownLicence`) and builds the middleware.
 * C2PA signing and custom registries are code-only options.
 */
export const middlewareFromConfig: MiddlewareFromConfig = async (options, context) => {
  const { use: _use, ...rest } = options;
  const parsed = licenceTaggingConfigSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    throw zodToInvalidRequest(parsed.error, unknownKey ? `${context.field}.${unknownKey}` : context.field);
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return licenceTagging(defined as LicenceTaggingOptions);
};
