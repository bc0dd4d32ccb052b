import type { MiddlewareFromConfig } from '@pictor/core';
import { zodToInvalidRequest } from '@pictor/core';
import { z } from 'zod';
import { watermark } from './watermark-middleware.js';

/** The watermark's options in a config file. The key comes from `{ "env": … }` or PICTOR_WATERMARK_KEY, never the file. */
export const watermarkConfigSchema = z
  .object({
    key: z
      .string()
      .min(1)
      .optional()
      .describe('The key, as an { "env": "NAME" } reference. Default: PICTOR_WATERMARK_KEY.'),
    strength: z
      .number()
      .min(0.25)
      .max(4)
      .optional()
      .describe('Strength; 1 is the default trade-off (PSNR ≈ 44 dB).'),
    quality: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('JPEG/WebP quality of re-encoded outputs. Default 95.'),
  })
  .strict();

/** `{ "use": "watermark", … }` in a config. */
export const middlewareFromConfig: MiddlewareFromConfig = async (options, context) => {
  const parsed = watermarkConfigSchema.safeParse(options);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, context.field);
  const { key, strength, quality } = parsed.data;
  const env = context.env?.PICTOR_WATERMARK_KEY;
  return watermark({
    ...((key ?? env) ? { key: (key ?? env)! } : {}),
    ...(strength !== undefined ? { strength } : {}),
    ...(quality !== undefined ? { quality } : {}),
  });
};
