import { z } from 'zod';

/** `{ "env": "NAME" }`: a value read from the environment variable NAME (for secrets). */
export const secretRefSchema = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') })
  .strict()
  .describe('A value read from an environment variable, so secrets never sit in the file.');

/** A provider named by an object. */
export const providerObjectSchema = z
  .object({
    id: z.string().min(1).describe('Provider id: workers-ai, onnx, tfjs, or one you registered.'),
    model: z.string().min(1).describe('Model id or path, as the provider names it.'),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Provider settings (credentials as { "env": "NAME" } references).'),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Model options (for example { "ep": "cuda" }).'),
  })
  .strict();

/** A provider: `id:model?option=value` or an object. */
export const providerSpecSchema = z.union([
  z
    .string()
    .min(1)
    .describe(
      '`id:model`, for example `workers-ai:@cf/black-forest-labs/flux-1-schnell`, `onnx:./models/sd-turbo?ep=cuda`, `tfjs:emoji`.',
    ),
  providerObjectSchema,
]);

/** One middleware: `{ "use": name, ...options }`. */
export const middlewareSpecSchema = z
  .object({
    use: z
      .string()
      .min(1)
      .describe(
        'Middleware name: retry, timeout, cache, concurrency, fallback, hallucination-check, licence-tagging.',
      ),
  })
  .catchall(z.unknown());

/** The whole config (`pictor.config.json`, `PICTOR_CONFIG`, or an object in code). */
export const pictorConfigSchema = z
  .object({
    $schema: z.string().optional(),
    provider: providerSpecSchema
      .optional()
      .describe('The provider. Default: the embedded model, `tfjs:emoji`.'),
    middleware: z.array(middlewareSpecSchema).optional().describe('Middleware, first listed is outermost.'),
    strict: z.boolean().optional().describe('Unsupported request fields are errors instead of warnings.'),
  })
  .strict();

export type SecretRef = z.infer<typeof secretRefSchema>;
export type ProviderObject = z.infer<typeof providerObjectSchema>;
export type ProviderSpec = z.infer<typeof providerSpecSchema>;
export type MiddlewareSpec = z.infer<typeof middlewareSpecSchema>;
export type PictorConfig = z.infer<typeof pictorConfigSchema>;

/** The JSON Schema of the config file (draft 2020-12), generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(pictorConfigSchema, { io: 'input' }) as Record<string, unknown>;
}
