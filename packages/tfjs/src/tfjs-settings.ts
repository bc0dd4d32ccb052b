import type { ModuleImporter } from '@pictor/core';
import { z } from 'zod';

const backendSchema = z
  .enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu'])
  .describe('Backend: auto tries node-gpu, node, wasm, cpu in order and uses the first that works.');

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** Settings of `createTfjs` (shared by every model it makes). */
export const tfjsSettingsSchema = z
  .object({
    backend: backendSchema.optional(),
    wasmPaths: z
      .string()
      .min(1)
      .optional()
      .describe('Folder or URL prefix of the tfjs-backend-wasm .wasm files.'),
    cwd: z.string().min(1).optional().describe('Folder that relative model paths are resolved against.'),
  })
  .strict();

/** Settings of `createTfjs`. */
export interface TfjsSettings extends z.infer<typeof tfjsSettingsSchema> {
  /** How the tfjs packages are imported. Default: `import()` from `@pictor/tfjs`. */
  importModule?: ModuleImporter;
}

/** Options of one model (`tfjs(modelId, options)`, or the `?key=value` part of `tfjs:emoji?backend=wasm`). */
export const tfjsModelOptionsSchema = z
  .object({
    backend: backendSchema.optional().describe('Overrides the settings’ backend for this model.'),
    size: z.coerce
      .number()
      .int()
      .optional()
      .describe('Generators: the default output size (square), one of the sizes the model declares.'),
    upscaler: z
      .enum(['esrgan-slim', 'nearest'])
      .optional()
      .describe('Generators: how sizes above the native one are made. Default esrgan-slim.'),
    scale: z.coerce.number().int().optional().describe('Upscalers: the default factor.'),
    tileSize: positiveInt(1024)
      .optional()
      .describe('Upscalers: largest tile side in input pixels (default 128).'),
    tileOverlap: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .optional()
      .describe('Upscalers: context pixels per tile side (default 8).'),
    maxImagesPerCall: positiveInt(64)
      .optional()
      .describe('Generators: images per forward pass (default 16).'),
    maxInputPixels: positiveInt(64 * 1024 * 1024)
      .optional()
      .describe('Upscalers: largest input in pixels (default 4 megapixels).'),
  })
  .strict();

/** Options of one model. */
export type TfjsModelOptions = z.input<typeof tfjsModelOptionsSchema>;

/** `providerOptions.tfjs` of a generate request to a generator model. */
export const tfjsProviderOptionsSchema = z
  .object({
    upscaler: z
      .enum(['esrgan-slim', 'nearest'])
      .optional()
      .describe('How sizes above the native one are made.'),
  })
  .strict();

/** `providerOptions.tfjs` of an `upscale` edit. */
export const tfjsUpscaleProviderOptionsSchema = z
  .object({
    scale: z.number().int().optional().describe('The factor, one the model has (esrgan-slim: 2, 3, 4, 8).'),
    tileSize: z.number().int().min(8).max(1024).optional().describe('Largest tile side in input pixels.'),
  })
  .strict();

/** `providerOptions.tfjs` of a generate request. */
export type TfjsProviderOptions = z.infer<typeof tfjsProviderOptionsSchema>;
/** `providerOptions.tfjs` of an upscale edit. */
export type TfjsUpscaleProviderOptions = z.infer<typeof tfjsUpscaleProviderOptionsSchema>;
