import { z } from 'zod';

/** Most images one client call may ask for. */
export const MAX_IMAGES_PER_REQUEST = 64;

const finite = (name: string) =>
  z.number({ error: `${name} must be a number` }).refine(Number.isFinite, `${name} must be a finite number`);
const positiveInt = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .refine(Number.isInteger, `${name} must be an integer`)
    .refine((v) => v > 0, `${name} must be positive`);

const imageInputSchema = z.union(
  [
    z.instanceof(Uint8Array),
    z.instanceof(ArrayBuffer),
    z.custom<Blob>((v) => typeof Blob !== 'undefined' && v instanceof Blob),
    z.object({ base64: z.string() }).strict(),
    z.object({ url: z.string() }).strict(),
  ],
  { error: 'must be a Uint8Array, ArrayBuffer, Blob, { base64 } or { url }' },
);

/** The shape of a `GenerateRequest`, checked before anything else. */
export const generateRequestSchema = z
  .object({
    prompt: z
      .string({ error: 'prompt must be a string' })
      .refine((v) => v.trim().length > 0, 'prompt must not be empty or whitespace'),
    negativePrompt: z.string({ error: 'negativePrompt must be a string' }).optional(),
    width: positiveInt('width').optional(),
    height: positiveInt('height').optional(),
    size: z
      .string({ error: 'size must be a string like "1024x768"' })
      .regex(/^[1-9]\d{0,5}x[1-9]\d{0,5}$/, 'size must be "WIDTHxHEIGHT", like "1024x768"')
      .optional(),
    aspectRatio: z
      .string({ error: 'aspectRatio must be a string like "16:9"' })
      .regex(/^[1-9]\d{0,3}:[1-9]\d{0,3}$/, 'aspectRatio must be "W:H", like "16:9"')
      .optional(),
    n: positiveInt('n')
      .refine((v) => v <= MAX_IMAGES_PER_REQUEST, `n must be at most ${MAX_IMAGES_PER_REQUEST}`)
      .optional(),
    seed: z
      .number({ error: 'seed must be a number' })
      .refine(Number.isInteger, 'seed must be an integer')
      .refine((v) => v >= 0 && v <= 0xffffffff, 'seed must be between 0 and 4294967295')
      .optional(),
    steps: positiveInt('steps').optional(),
    guidance: finite('guidance').optional(),
    providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

/** The shape of an `EditRequest`. */
export const editRequestSchema = generateRequestSchema
  .extend({
    mode: z.enum(['img2img', 'inpaint', 'reference', 'upscale'], {
      error: 'mode must be one of img2img, inpaint, reference, upscale',
    }),
    image: imageInputSchema,
    mask: imageInputSchema.optional(),
    references: z.array(imageInputSchema).optional(),
    strength: finite('strength')
      .refine((v) => v >= 0 && v <= 1, 'strength must be between 0 and 1')
      .optional(),
  })
  .strict();
