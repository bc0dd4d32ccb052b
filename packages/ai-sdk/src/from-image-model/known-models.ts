import type { Capabilities } from '@pictor/core';

/** How a vendor's AI SDK model takes a size. */
export type SizeEncoding =
  /** `size: "WxH"`. */
  | 'size'
  /** `aspectRatio: "W:H"` only (Imagen, Replicate FLUX): the size's reduced ratio. */
  | 'aspectRatio'
  /** Black Forest Labs: `aspectRatio` plus `providerOptions.blackForestLabs.width/height`. */
  | 'bfl';

/** How one AI SDK vendor package takes Pictor's typed extras. */
export interface VendorProfile {
  /** The `providerOptions` key the vendor package reads (`fal`, `replicate`, `blackForestLabs`…). */
  optionsKey: string;
  /** Pictor field → that vendor's provider option name; a field without one is reported unsupported. */
  keys: Partial<Record<'negativePrompt' | 'steps' | 'guidance' | 'strength', string>>;
  sizeEncoding: SizeEncoding;
  /** The aspect ratios the vendor accepts by name; a size is sent as the nearest of them. Absent: the size's reduced ratio. */
  aspectRatios?: readonly `${number}:${number}`[];
}

/** Vendor profiles, keyed by the first segment of the model's `provider` (`fal.image` → `fal`). */
export const VENDOR_PROFILES: Readonly<Record<string, VendorProfile>> = {
  openai: { optionsKey: 'openai', keys: {}, sizeEncoding: 'size' },
  google: {
    optionsKey: 'google',
    keys: {},
    sizeEncoding: 'aspectRatio',
    aspectRatios: ['1:1', '3:4', '4:3', '9:16', '16:9'],
  },
  fal: {
    optionsKey: 'fal',
    // @ai-sdk/fal maps camelCase options to fal's fields and passes unknown keys through verbatim.
    keys: {
      negativePrompt: 'negative_prompt',
      steps: 'numInferenceSteps',
      guidance: 'guidanceScale',
      strength: 'strength',
    },
    sizeEncoding: 'size',
  },
  replicate: {
    optionsKey: 'replicate',
    keys: {
      negativePrompt: 'negative_prompt',
      steps: 'num_inference_steps',
      guidance: 'guidance_scale',
      strength: 'strength',
    },
    sizeEncoding: 'aspectRatio',
    aspectRatios: ['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21'],
  },
  'black-forest-labs': {
    optionsKey: 'blackForestLabs',
    keys: { steps: 'steps', guidance: 'guidance' },
    sizeEncoding: 'bfl',
  },
};

/** The vendor segment of an AI SDK `provider` string. */
export function vendorOf(provider: string): string {
  return provider.split('.')[0] ?? provider;
}

/** One row of the table: a vendor, a model-id pattern and what those models honour. */
export interface KnownModel {
  vendor: string;
  /** Matched against the model id. */
  pattern: RegExp;
  capabilities: Partial<Capabilities>;
  /** Overrides the vendor's size encoding for these models. */
  sizeEncoding?: SizeEncoding;
}

const square = (s: number) => ({ width: s, height: s });
const FLUX_SIZE = { width: { min: 256, max: 1440 }, height: { min: 256, max: 1440 }, sizeMultiple: 32 };
const FAL_SIZE = { width: { min: 256, max: 2048 }, height: { min: 256, max: 2048 }, sizeMultiple: 8 };
// Imagen's five aspect ratios at their documented output sizes.
const IMAGEN_SIZES = [
  square(1024),
  { width: 896, height: 1280 },
  { width: 1280, height: 896 },
  { width: 768, height: 1408 },
  { width: 1408, height: 768 },
];
const FLUX_RATIO_SIZES = [
  square(1024),
  { width: 1344, height: 768 },
  { width: 768, height: 1344 },
  { width: 1152, height: 896 },
  { width: 896, height: 1152 },
];

/**
 * What the popular models reachable through AI SDK packages honour, from each vendor's API docs.
 * First match wins; anything not listed gets `DEFAULT_CAPABILITIES` (and the model's own
 * `maxImagesPerCall` and V4 flags).
 */
export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    vendor: 'openai',
    pattern: /^(gpt-image|chatgpt-image)/,
    capabilities: {
      editModes: ['img2img', 'inpaint', 'reference'],
      maxImagesPerCall: 10,
      sizes: [square(1024), { width: 1536, height: 1024 }, { width: 1024, height: 1536 }],
      defaultSize: square(1024),
      seed: false,
      maxReferences: 16,
      outputTypes: ['image/png', 'image/jpeg', 'image/webp'],
    },
  },
  {
    vendor: 'openai',
    pattern: /^dall-e-3$/,
    capabilities: {
      maxImagesPerCall: 1,
      sizes: [square(1024), { width: 1792, height: 1024 }, { width: 1024, height: 1792 }],
      defaultSize: square(1024),
      seed: false,
    },
  },
  {
    vendor: 'openai',
    pattern: /^dall-e-2$/,
    capabilities: {
      editModes: ['img2img', 'inpaint'],
      maxImagesPerCall: 10,
      sizes: [square(256), square(512), square(1024)],
      defaultSize: square(1024),
      seed: false,
    },
  },
  {
    vendor: 'google',
    pattern: /^imagen-/,
    capabilities: { maxImagesPerCall: 4, sizes: IMAGEN_SIZES, defaultSize: square(1024), seed: false },
  },
  {
    vendor: 'google',
    pattern: /^gemini-.*image/,
    capabilities: {
      editModes: ['img2img', 'reference'],
      maxImagesPerCall: 1,
      sizes: IMAGEN_SIZES,
      defaultSize: square(1024),
      seed: false,
      maxReferences: 3,
    },
  },
  {
    vendor: 'fal',
    pattern: /^fal-ai\/flux\/schnell$/,
    capabilities: {
      ...FAL_SIZE,
      defaultSize: square(1024),
      steps: { min: 1, max: 12, default: 4 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'fal',
    pattern: /^fal-ai\/flux\/dev\/image-to-image$/,
    capabilities: {
      generate: false,
      editModes: ['img2img'],
      ...FAL_SIZE,
      defaultSize: square(1024),
      steps: { min: 1, max: 50, default: 40 },
      guidance: { min: 1, max: 20, default: 3.5 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'fal',
    pattern: /^fal-ai\/flux\/dev$/,
    capabilities: {
      ...FAL_SIZE,
      defaultSize: square(1024),
      steps: { min: 1, max: 50, default: 28 },
      guidance: { min: 1, max: 20, default: 3.5 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'fal',
    pattern: /^fal-ai\/(fast-sdxl|stable-diffusion)/,
    capabilities: {
      ...FAL_SIZE,
      defaultSize: square(1024),
      steps: { min: 1, max: 50, default: 25 },
      guidance: { min: 1, max: 20, default: 7.5 },
      negativePrompt: true,
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'replicate',
    pattern: /^black-forest-labs\/flux-schnell/,
    capabilities: {
      sizes: FLUX_RATIO_SIZES,
      defaultSize: square(1024),
      steps: { min: 1, max: 4, default: 4 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'replicate',
    pattern: /^black-forest-labs\/flux-dev/,
    capabilities: {
      sizes: FLUX_RATIO_SIZES,
      defaultSize: square(1024),
      steps: { min: 1, max: 50, default: 28 },
      guidance: { min: 0, max: 10, default: 3 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'black-forest-labs',
    pattern: /^flux-kontext/,
    capabilities: {
      editModes: ['img2img', 'reference'],
      maxReferences: 4,
      sizes: FLUX_RATIO_SIZES,
      defaultSize: square(1024),
      maxImagesPerCall: 1,
    },
    sizeEncoding: 'aspectRatio',
  },
  {
    vendor: 'black-forest-labs',
    pattern: /^flux-dev$/,
    capabilities: {
      ...FLUX_SIZE,
      defaultSize: square(1024),
      steps: { min: 1, max: 50, default: 28 },
      guidance: { min: 1.5, max: 5, default: 3 },
      maxImagesPerCall: 1,
    },
  },
  {
    vendor: 'black-forest-labs',
    pattern: /^flux-pro/,
    capabilities: { ...FLUX_SIZE, defaultSize: square(1024), maxImagesPerCall: 1 },
  },
];

/**
 * What an unknown model is assumed to honour: text → image, a seed, any size from 64 to 4096 px,
 * one image per call unless the model says more, no negative prompt, steps or guidance, no edits
 * unless a V4 model declares file or mask inputs.
 */
export const DEFAULT_CAPABILITIES: Capabilities = {
  generate: true,
  editModes: [],
  maxImagesPerCall: 1,
  width: { min: 64, max: 4096 },
  height: { min: 64, max: 4096 },
  defaultSize: square(1024),
  seed: true,
  negativePrompt: false,
  progress: 'coarse',
};

/** The table row for a model, if any. */
export function findKnownModel(provider: string, modelId: string): KnownModel | undefined {
  const vendor = vendorOf(provider);
  return KNOWN_MODELS.find((row) => row.vendor === vendor && row.pattern.test(modelId));
}
