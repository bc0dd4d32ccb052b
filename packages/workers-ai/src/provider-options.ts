import { z } from 'zod';
import { gatewayOptionsSchema } from './run/gateway.js';

/**
 * `providerOptions['workers-ai']` of a request: per-call knobs only Workers AI understands.
 *
 * @example
 * await client.generate({
 *   prompt: 'a lighthouse',
 *   providerOptions: { 'workers-ai': { gateway: { id: 'default', cacheTtl: 3600 }, tags: ['docs'] } },
 * });
 */
export const workersAIProviderOptionsSchema = z
  .object({
    /** Route this call through AI Gateway (overrides the provider's default gateway). */
    gateway: gatewayOptionsSchema.optional(),
    /** Up to 5 log tags (binding): letters, digits and `: - . / @`, at most 50 characters each. */
    tags: z
      .array(
        z
          .string()
          .min(1)
          .max(50)
          .regex(/^[A-Za-z0-9:\-./@ ]+$/, 'letters, digits and : - . / @ only'),
      )
      .max(5)
      .optional(),
    /** Fail at once with a rate-limit error (3040) instead of queueing when the model is busy. */
    rejectIfBusy: z.boolean().optional(),
    /** SD-family edits: send the input image as a number array (`array`, default) or as `image_b64` (`base64`, smaller). */
    imageEncoding: z.enum(['array', 'base64']).optional(),
  })
  .strict();

/** The parsed `providerOptions['workers-ai']`. */
export type WorkersAIProviderOptions = z.infer<typeof workersAIProviderOptionsSchema>;
