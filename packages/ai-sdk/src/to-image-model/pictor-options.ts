import { zodToInvalidRequest } from '@pictor/core';
import { z } from 'zod';

/**
 * `providerOptions.pictor` in an AI SDK call: the Pictor request fields the AI SDK has no field for.
 *
 * @example
 * await generateImage({ model, prompt: 'a fox', providerOptions: { pictor: { negativePrompt: 'blurry', steps: 4 } } });
 */
export const pictorCallOptionsSchema = z
  .object({
    /** What the image should not show. */
    negativePrompt: z.string().optional(),
    /** Denoising steps. */
    steps: z.number().int().positive().optional(),
    /** Classifier-free guidance scale. */
    guidance: z.number().finite().optional(),
    /** For edits: 0 keeps the input, 1 ignores it. */
    strength: z.number().min(0).max(1).optional(),
    /** For edits: the edit mode, when the one inferred from `files`/`mask` is not wanted. */
    mode: z.enum(['img2img', 'inpaint', 'reference', 'upscale']).optional(),
  })
  .strict();

/** The parsed `providerOptions.pictor`. */
export type PictorCallOptions = z.infer<typeof pictorCallOptionsSchema>;

/** Parses `providerOptions.pictor`; a bad value is an `InvalidRequestError` naming its path. */
export function parsePictorCallOptions(value: unknown): PictorCallOptions {
  if (value === undefined) return {};
  const parsed = pictorCallOptionsSchema.safeParse(value);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, 'providerOptions.pictor');
  return parsed.data;
}
