import type { Capabilities, EditMode, EditRequest } from '@pictor/core';
import {
  assignDefined,
  dropFields,
  type EncodedInputs,
  toBase64,
  type WorkersAIImageModel,
} from './model.js';

// The five Stable Diffusion models share one documented JSON schema: prompt, negative_prompt,
// width/height 256–2048, num_steps ≤ 20 (default 20), guidance (default 7.5), seed, strength, and the
// img2img fields image (number array of an encoded file) / image_b64 / mask. Output: raw image bytes.

function sdCapabilities(editModes: readonly EditMode[], generate: boolean, size: number): Capabilities {
  return {
    generate,
    editModes,
    maxImagesPerCall: 1,
    width: { min: 256, max: 2048 },
    height: { min: 256, max: 2048 },
    // Cloudflare's schema says only "integer"; the latent grid of Stable Diffusion is 1/8 of the
    // image (VAE factor 8), so the model's own pipeline needs multiples of 8.
    sizeMultiple: 8,
    defaultSize: { width: size, height: size },
    steps: { min: 1, max: 20, default: 20 },
    guidance: { min: 0, max: 30, default: 7.5 },
    seed: true,
    negativePrompt: true,
    progress: 'coarse',
    outputTypes: ['image/png', 'image/jpeg'],
  };
}

function encodeSd(model: string) {
  return (
    request: EditRequest | Parameters<WorkersAIImageModel['encode']>[0],
    context: Parameters<WorkersAIImageModel['encode']>[1],
  ): EncodedInputs => {
    const warnings: EncodedInputs['warnings'] = [];
    const inputs = assignDefined(
      { prompt: request.prompt },
      {
        negative_prompt: request.negativePrompt,
        width: request.width,
        height: request.height,
        num_steps: request.steps,
        guidance: request.guidance,
        seed: request.seed,
      },
    );
    if (context.operation === 'edit') {
      const edit = request as EditRequest;
      const image = edit.image as Uint8Array;
      if (context.imageEncoding === 'base64') inputs.image_b64 = toBase64(image);
      else inputs.image = Array.from(image);
      if (edit.mode === 'inpaint' && edit.mask !== undefined)
        inputs.mask = Array.from(edit.mask as Uint8Array);
      if (edit.strength !== undefined) inputs.strength = edit.strength;
      dropFields(edit, ['references'], model, warnings);
    }
    return { inputs, warnings };
  };
}

interface SdEntry {
  id: string;
  name: string;
  size: number;
  generate: boolean;
  editModes: readonly EditMode[];
  terms: WorkersAIImageModel['terms'];
  pricing: string;
  notes: string[];
}

const entries: SdEntry[] = [
  {
    id: '@cf/stabilityai/stable-diffusion-xl-base-1.0',
    name: 'Stable Diffusion XL base 1.0',
    size: 1024,
    generate: true,
    editModes: [],
    terms: {
      name: 'CreativeML Open RAIL++-M',
      url: 'https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md',
    },
    pricing: 'free while in beta (billed in neurons)',
    notes: [
      'The shared SD schema lists image/mask fields, but only the SD 1.5 models are documented as editing models.',
    ],
  },
  {
    id: '@cf/bytedance/stable-diffusion-xl-lightning',
    name: 'SDXL-Lightning',
    size: 1024,
    generate: true,
    editModes: [],
    terms: { name: 'see model card', url: 'https://huggingface.co/ByteDance/SDXL-Lightning' },
    pricing: '$0 per step (beta)',
    notes: ['Documented as PNG, observed returning JPEG: the media type is read from the bytes.'],
  },
  {
    id: '@cf/lykon/dreamshaper-8-lcm',
    name: 'DreamShaper 8 LCM',
    size: 512,
    generate: true,
    editModes: [],
    terms: { name: 'see model card', url: 'https://huggingface.co/Lykon/DreamShaper' },
    pricing: 'free while in beta (billed in neurons)',
    notes: [],
  },
  {
    id: '@cf/runwayml/stable-diffusion-v1-5-img2img',
    name: 'Stable Diffusion 1.5 img2img',
    size: 512,
    generate: false,
    editModes: ['img2img'],
    terms: {
      name: 'CreativeML Open RAIL-M',
      url: 'https://github.com/runwayml/stable-diffusion/blob/main/LICENSE',
    },
    pricing: 'free while in beta (billed in neurons)',
    notes: ['Edit only: client.edit({ mode: "img2img", image, strength }). 1500 requests/minute.'],
  },
  {
    id: '@cf/runwayml/stable-diffusion-v1-5-inpainting',
    name: 'Stable Diffusion 1.5 inpainting',
    size: 512,
    generate: false,
    editModes: ['inpaint'],
    terms: {
      name: 'CreativeML Open RAIL-M',
      url: 'https://github.com/runwayml/stable-diffusion/blob/main/LICENSE',
    },
    pricing: '$0 per step (beta)',
    notes: ['Edit only: client.edit({ mode: "inpaint", image, mask }); the mask is white where to redraw.'],
  },
];

/** The SD-family catalogue entries. */
export const sdFamilyModels: WorkersAIImageModel[] = entries.map((entry) => ({
  id: entry.id,
  name: entry.name,
  family: 'sd',
  capabilities: sdCapabilities(entry.editModes, entry.generate, entry.size),
  output: 'binary',
  multipart: false,
  terms: entry.terms,
  pricing: entry.pricing,
  partner: false,
  beta: true,
  notes: entry.notes,
  encode: encodeSd(entry.id),
}));
