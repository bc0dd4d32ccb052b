import type { Capabilities } from '@pictor/core';
import { generatorCapabilities } from './generator/generator-model.js';
import { readModelCard } from './generator/model-card.js';
import { PACKAGED_MODELS, resolveModelPath } from './resolve-model.js';
import { readSdFolder } from './sd/model-folder.js';
import { sdCapabilities } from './sd/sd-model.js';

/** A model the adapter knows by name (any other id is a path to a model folder or a model card). */
export interface OnnxCatalogueEntry {
  /** What it is. */
  description: string;
  /** Where its weights come from and their licence. */
  weights: string;
  /** Its capabilities with default options (read from its model card on first access). */
  readonly capabilities: Capabilities;
}

/** The model ids `onnx(id)` resolves without a path. */
export type OnnxModelId = keyof typeof PACKAGED_MODELS | (string & {});

let emojiCapabilities: Capabilities | undefined;
let emojiSdCapabilities: Capabilities | undefined;

/**
 * The built-in models. Other Stable Diffusion exports are not listed: they are folders you bring, and
 * their capabilities come from the folder (`onnx(path).capabilities`).
 */
export const onnxModels: Record<'emoji' | 'emoji-sd', OnnxCatalogueEntry> = {
  emoji: {
    description: 'the embedded emoji generator (single ONNX graph, text → 32×32 image)',
    weights: `${PACKAGED_MODELS.emoji!.packageName} (an optional peer; see its model card for data licences and attribution)`,
    get capabilities() {
      emojiCapabilities ??= generatorCapabilities(readModelCard(resolveModelPath('emoji', undefined)), {});
      return emojiCapabilities;
    },
  },
  'emoji-sd': {
    description:
      'emoji-sd, a small latent diffusion model in the diffusers ONNX layout (text → 64×64, img2img, inpainting)',
    weights: `${PACKAGED_MODELS['emoji-sd']!.packageName} (an optional peer; see its model card for data licences and attribution)`,
    get capabilities() {
      emojiSdCapabilities ??= sdCapabilities(readSdFolder(resolveModelPath('emoji-sd', undefined)), {});
      return emojiSdCapabilities;
    },
  },
};
