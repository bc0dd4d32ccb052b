import type { Capabilities } from '@pictor/core';
import { modelCard } from '@pictor/model-emoji';
import { generatorCapabilities } from './generator-provider.js';
import { upscalerCapabilities } from './upscaler-provider.js';
import { UPSCALER_WEIGHTS, type UpscalerId } from './upscaler-weights.js';

/** A model the adapter ships or finds in installed packages. */
export interface TfjsCatalogueEntry {
  /** What it is. */
  description: string;
  /** Where its weights come from and their licence. */
  weights: string;
  /** Its capabilities with default options. */
  capabilities: Capabilities;
}

/** The built-in model ids. Any other id is read as a local path (a model card, or a `model.json` with `scale`). */
export type TfjsModelId = 'emoji' | UpscalerId | (string & {});

const upscaleDefaults = { tileSize: 128, tileOverlap: 8, maxInputPixels: 4 * 1024 * 1024 };

/** The built-in models and their default capabilities. */
export const tfjsModels: Record<'emoji' | UpscalerId, TfjsCatalogueEntry> = {
  emoji: {
    description: `${modelCard.name} ${modelCard.version}: text → 32×32 emoji-style image (conditional GAN); 64, 128 and 256 through esrgan-slim`,
    weights: `@pictor/model-emoji (weights ${modelCard.licence.weights}; see its model card for data licences and attribution)`,
    capabilities: generatorCapabilities(modelCard, {
      upscaler: 'esrgan-slim',
      maxImagesPerCall: 16,
      tileSize: upscaleDefaults.tileSize,
      tileOverlap: upscaleDefaults.tileOverlap,
    }),
  },
  'esrgan-slim': {
    description: 'RDN super-resolution ×2, ×3, ×4, ×8 (upscale edits; default ×2)',
    weights: `${UPSCALER_WEIGHTS['esrgan-slim'].packageName} (MIT)`,
    capabilities: upscalerCapabilities({ scale: 2, ...upscaleDefaults }),
  },
  'upscaler-default': {
    description: 'RDN super-resolution ×2 (upscale edits), the UpscalerJS default model',
    weights: `${UPSCALER_WEIGHTS['upscaler-default'].packageName} (MIT)`,
    capabilities: upscalerCapabilities({ scale: 2, ...upscaleDefaults }),
  },
};

export { upscaleDefaults };
