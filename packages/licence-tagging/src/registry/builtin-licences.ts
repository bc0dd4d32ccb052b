import type { ModelLicence } from './model-licence.js';

// The built-in model licence registry: data only. Sources: the licence texts and vendor model
// pages of each model (licence files on the model hubs, vendor terms) and Cloudflare's
// Workers AI model catalogue. `confidence: 'unverified'` marks entries whose licence was inferred.

const APACHE = {
  spdx: 'Apache-2.0',
  licenceName: 'Apache License 2.0',
  licenceUrl: 'https://www.apache.org/licenses/LICENSE-2.0',
};
const BFL = { name: 'Black Forest Labs', url: 'https://bfl.ai' };
const BFL_TERMS = {
  name: 'Black Forest Labs Terms of Service',
  url: 'https://bfl.ai/legal/terms-of-service',
};
const LEONARDO_TERMS = { name: 'Leonardo.Ai Terms of Service', url: 'https://leonardo.ai/terms-of-service' };
const STABILITY = { name: 'Stability AI', url: 'https://stability.ai' };
const FLUX_DEV = {
  spdx: 'LicenseRef-FLUX-dev-Non-Commercial',
  licenceName: 'FLUX [dev] Non-Commercial License',
  commercialUse: 'non-commercial',
  outputTerms:
    'Outputs are not derivatives of the model and may be used for any purpose, including commercial, except to train, fine-tune or distil a competing model. Running the model commercially needs a commercial licence from Black Forest Labs.',
  conditions: [
    '§2(e): run content filters or review outputs',
    '§2(e): outputs must disclose that they were generated or modified with AI, to the extent required by applicable law',
    'Outputs may not be used to train, fine-tune or distil a competing model',
  ],
} as const;
const OPENRAIL_M = {
  spdx: 'LicenseRef-CreativeML-OpenRAIL-M',
  licenceName: 'CreativeML OpenRAIL-M',
  commercialUse: 'conditional',
  outputTerms:
    'The licensor claims no rights in outputs; the user is accountable for them and may not use them in breach of the use restrictions (Attachment A).',
  conditions: [
    'Use restrictions of Attachment A apply to the model and its outputs',
    'Redistributions must pass the use restrictions on',
  ],
} as const;
const OPENRAIL_PP = {
  spdx: 'LicenseRef-CreativeML-OpenRAIL-PlusPlus-M',
  licenceName: 'CreativeML Open RAIL++-M',
  commercialUse: 'conditional',
  outputTerms: OPENRAIL_M.outputTerms,
  conditions: OPENRAIL_M.conditions,
} as const;
const hosted = (terms: { name: string; url: string }) =>
  `Called through a hosted API, use is governed by the ${terms.name} (${terms.url}) rather than by the open-weights licence.`;

const OPENAI = { name: 'OpenAI', url: 'https://openai.com' };
const OPENAI_TERMS = {
  spdx: 'LicenseRef-OpenAI-Terms',
  licenceName: 'OpenAI Terms of Use',
  licenceUrl: 'https://openai.com/policies/terms-of-use/',
  licensor: OPENAI,
  commercialUse: 'conditional',
  outputTerms:
    'As between the user and OpenAI, the user owns the output, to the extent the law allows; use must follow the OpenAI Terms and Usage Policies.',
  conditions: [
    'OpenAI Usage Policies apply to prompts and outputs',
    'Do not present output as human-made when it is not',
  ],
  hostedTerms: { name: 'OpenAI Services Agreement', url: 'https://openai.com/policies/services-agreement/' },
  confidence: 'unverified',
} as const;
const GOOGLE_TERMS = {
  spdx: 'LicenseRef-Gemini-API-Terms',
  licenceName: 'Gemini API Additional Terms of Service',
  licenceUrl: 'https://ai.google.dev/gemini-api/terms',
  licensor: { name: 'Google', url: 'https://ai.google.dev' },
  commercialUse: 'conditional',
  outputTerms:
    'Google claims no ownership of generated content; use is governed by the Gemini API terms and the Generative AI Prohibited Use Policy.',
  conditions: [
    'Generative AI Prohibited Use Policy applies',
    'Outputs carry a SynthID watermark; do not remove it',
  ],
  hostedTerms: { name: 'Google APIs Terms of Service', url: 'https://developers.google.com/terms' },
  confidence: 'unverified',
} as const;
const FAL_TERMS = { name: 'fal Terms of Service', url: 'https://fal.ai/terms' };
const REPLICATE_TERMS = { name: 'Replicate Terms of Service', url: 'https://replicate.com/terms' };
const BFL_API = {
  spdx: 'LicenseRef-BFL-API-Terms',
  licenceName: 'Black Forest Labs API Terms of Service',
  licenceUrl: BFL_TERMS.url,
  licensor: BFL,
  commercialUse: 'conditional',
  outputTerms:
    'Outputs of the BFL API may be used commercially under the BFL terms of service, except to train a competing model.',
  conditions: [
    'Outputs may not be used to train, fine-tune or distil a competing model',
    'BFL usage policy applies',
  ],
  hostedTerms: BFL_TERMS,
  confidence: 'unverified',
} as const;
const FLUX_HOSTED_DEV = (terms: {
  name: string;
  url: string;
}): Omit<ModelLicence, 'id' | 'name' | 'patterns'> => ({
  ...FLUX_DEV,
  commercialUse: 'conditional',
  outputTerms: `${FLUX_DEV.outputTerms} ${hosted(terms)}`,
  conditions: [...FLUX_DEV.conditions],
  licenceUrl: 'https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md',
  licensor: BFL,
  hostedTerms: terms,
  confidence: 'unverified',
});
const FLUX_HOSTED_SCHNELL = (terms: {
  name: string;
  url: string;
}): Omit<ModelLicence, 'id' | 'name' | 'patterns'> => ({
  ...APACHE,
  licensor: BFL,
  commercialUse: 'allowed',
  outputTerms: `Apache-2.0 weights; no restriction on outputs. ${hosted(terms)}`,
  conditions: [],
  hostedTerms: terms,
  confidence: 'unverified',
});

/** Every built-in entry, most specific first (the first matching entry wins). */
export const BUILTIN_MODEL_LICENCES: readonly ModelLicence[] = [
  // Workers AI: every text-to-image model in the catalogue.
  {
    id: 'workers-ai/flux-1-schnell',
    name: 'FLUX.1 [schnell]',
    patterns: ['workers-ai:@cf/black-forest-labs/flux-1-schnell'],
    ...APACHE,
    licensor: BFL,
    commercialUse: 'allowed',
    outputTerms: `Weights are Apache-2.0; outputs are unrestricted. ${hosted(BFL_TERMS)}`,
    conditions: ['Hosted use is governed by the Black Forest Labs Terms of Service'],
    hostedTerms: BFL_TERMS,
    confidence: 'verified',
  },
  ...(['flux-2-dev', 'flux-2-klein-4b', 'flux-2-klein-9b'] as const).map(
    (model): ModelLicence => ({
      id: `workers-ai/${model}`,
      name: {
        'flux-2-dev': 'FLUX.2 [dev]',
        'flux-2-klein-4b': 'FLUX.2 [klein] 4B',
        'flux-2-klein-9b': 'FLUX.2 [klein] 9B',
      }[model],
      patterns: [`workers-ai:@cf/black-forest-labs/${model}`],
      spdx: 'LicenseRef-BFL-Terms-of-Service',
      licenceName: BFL_TERMS.name,
      licenceUrl: BFL_TERMS.url,
      licensor: BFL,
      commercialUse: 'conditional',
      outputTerms: hosted(BFL_TERMS),
      conditions: [
        'Partner model on Workers AI: the Black Forest Labs Terms of Service govern use of outputs',
      ],
      hostedTerms: BFL_TERMS,
      confidence: 'unverified',
    }),
  ),
  ...(['lucid-origin', 'phoenix-1.0'] as const).map(
    (model): ModelLicence => ({
      id: `workers-ai/${model}`,
      name: model === 'lucid-origin' ? 'Leonardo Lucid Origin' : 'Leonardo Phoenix 1.0',
      patterns: [`workers-ai:@cf/leonardo/${model}`],
      spdx: 'LicenseRef-Leonardo-Terms-of-Service',
      licenceName: LEONARDO_TERMS.name,
      licenceUrl: LEONARDO_TERMS.url,
      licensor: { name: 'Leonardo.Ai', url: 'https://leonardo.ai' },
      commercialUse: 'conditional',
      outputTerms: hosted(LEONARDO_TERMS),
      conditions: ['Partner model on Workers AI: the Leonardo.Ai Terms of Service govern use of outputs'],
      hostedTerms: LEONARDO_TERMS,
      confidence: model === 'lucid-origin' ? 'verified' : 'unverified',
    }),
  ),
  {
    id: 'workers-ai/stable-diffusion-xl-base-1.0',
    name: 'Stable Diffusion XL base 1.0',
    patterns: ['workers-ai:@cf/stabilityai/stable-diffusion-xl-base-1.0'],
    ...OPENRAIL_PP,
    conditions: [...OPENRAIL_PP.conditions],
    licenceUrl: 'https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md',
    licensor: STABILITY,
    confidence: 'verified',
  },
  {
    id: 'workers-ai/stable-diffusion-xl-lightning',
    name: 'SDXL-Lightning',
    patterns: ['workers-ai:@cf/bytedance/stable-diffusion-xl-lightning', '*:*sdxl-lightning*'],
    ...OPENRAIL_PP,
    conditions: [...OPENRAIL_PP.conditions],
    licenceUrl: 'https://huggingface.co/ByteDance/SDXL-Lightning',
    licensor: { name: 'ByteDance', url: 'https://huggingface.co/ByteDance' },
    confidence: 'unverified',
  },
  {
    id: 'workers-ai/dreamshaper-8-lcm',
    name: 'DreamShaper 8 LCM',
    patterns: ['workers-ai:@cf/lykon/dreamshaper-8-lcm', '*:*dreamshaper*'],
    ...OPENRAIL_M,
    conditions: [...OPENRAIL_M.conditions],
    licenceUrl: 'https://huggingface.co/Lykon/DreamShaper',
    licensor: { name: 'Lykon', url: 'https://huggingface.co/Lykon' },
    confidence: 'unverified',
  },
  {
    id: 'stable-diffusion-1.5',
    name: 'Stable Diffusion 1.5',
    patterns: [
      'workers-ai:@cf/runwayml/stable-diffusion-v1-5-img2img',
      'workers-ai:@cf/runwayml/stable-diffusion-v1-5-inpainting',
      '*:*stable-diffusion-v1-5*',
      '*:*stable-diffusion-1.5*',
      '*:*sd-v1-5*',
      '*:*sd15*',
      '*:*sd-1.5*',
    ],
    ...OPENRAIL_M,
    conditions: [...OPENRAIL_M.conditions],
    licenceUrl: 'https://github.com/runwayml/stable-diffusion/blob/main/LICENSE',
    licensor: { name: 'Runway / CompVis', url: 'https://github.com/runwayml/stable-diffusion' },
    confidence: 'verified',
  },
  // Pictor's latent diffusion model on the same art (before the GAN: its patterns are wider).
  {
    id: 'pictor/model-emoji-sd',
    name: 'Pictor emoji-sd (latent diffusion)',
    patterns: ['onnx:emoji-sd', 'onnx:*emoji-sd*', '*:@pictor/model-emoji-sd*'],
    ...APACHE,
    licensor: { name: 'Pictor contributors', url: 'https://www.npmjs.com/package/@pictor/model-emoji-sd' },
    commercialUse: 'allowed',
    outputTerms:
      'Generated and edited images may be used freely. Outputs that closely resemble a specific Twemoji graphic should carry the Twemoji attribution (CC-BY-4.0).',
    conditions: ['Keep the Twemoji attribution on outputs that closely resemble a Twemoji graphic'],
    attribution:
      'Model trained on Noto Emoji (Google, Apache-2.0) and Twemoji (Twitter, Inc and other contributors, CC-BY 4.0: https://creativecommons.org/licenses/by/4.0/)',
    trainingSources: [
      {
        name: 'Noto Emoji (Google)',
        licence: 'Apache-2.0',
        licenceUrl: 'https://www.apache.org/licenses/LICENSE-2.0',
        attribution: 'Noto Emoji graphics by Google, licensed under the Apache License, Version 2.0',
      },
      {
        name: 'Twemoji (Twitter)',
        licence: 'CC-BY-4.0',
        licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
        attribution: 'Twemoji graphics by Twitter, Inc and other contributors, licensed under CC-BY 4.0',
      },
    ],
    modelCard: '@pictor/model-emoji-sd/model-card.json',
    confidence: 'verified',
  },
  // The embedded default model; refreshed from its model card when the package is installed.
  {
    id: 'pictor/model-emoji',
    name: 'Pictor emoji model',
    patterns: ['tfjs:emoji', 'tfjs:*model-emoji*', 'onnx:*emoji*', '*:@pictor/model-emoji*'],
    ...APACHE,
    licensor: { name: 'Pictor contributors', url: 'https://www.npmjs.com/package/@pictor/model-emoji' },
    commercialUse: 'allowed',
    outputTerms:
      'Generated images may be used freely. Outputs that closely resemble a specific Twemoji graphic should carry the Twemoji attribution (CC-BY-4.0).',
    conditions: ['Keep the Twemoji attribution on outputs that closely resemble a Twemoji graphic'],
    attribution:
      'Model trained on Noto Emoji (Google, Apache-2.0) and Twemoji (Twitter, Inc and other contributors, CC-BY 4.0: https://creativecommons.org/licenses/by/4.0/)',
    trainingSources: [
      {
        name: 'Noto Emoji (Google)',
        licence: 'Apache-2.0',
        licenceUrl: 'https://www.apache.org/licenses/LICENSE-2.0',
        attribution: 'Noto Emoji graphics by Google, licensed under the Apache License, Version 2.0',
      },
      {
        name: 'Twemoji (Twitter)',
        licence: 'CC-BY-4.0',
        licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
        attribution: 'Twemoji graphics by Twitter, Inc and other contributors, licensed under CC-BY 4.0',
      },
    ],
    modelCard: '@pictor/model-emoji/model-card.json',
    confidence: 'verified',
  },
  // Hosted models reached through Vercel AI SDK provider packages (`@pictor/ai-sdk`, provider `ai-sdk-<vendor>`).
  {
    id: 'openai/gpt-image-1',
    name: 'OpenAI GPT Image',
    patterns: ['ai-sdk-openai:gpt-image-*', 'ai-sdk-openai:chatgpt-image-*'],
    ...OPENAI_TERMS,
    conditions: [...OPENAI_TERMS.conditions],
  },
  {
    id: 'openai/dall-e-3',
    name: 'DALL·E 3',
    patterns: ['ai-sdk-openai:dall-e-3'],
    ...OPENAI_TERMS,
    conditions: [...OPENAI_TERMS.conditions],
  },
  {
    id: 'openai/dall-e-2',
    name: 'DALL·E 2',
    patterns: ['ai-sdk-openai:dall-e-2'],
    ...OPENAI_TERMS,
    conditions: [...OPENAI_TERMS.conditions],
  },
  {
    id: 'google/imagen',
    name: 'Imagen',
    patterns: ['ai-sdk-google*:imagen-*'],
    ...GOOGLE_TERMS,
    conditions: [...GOOGLE_TERMS.conditions],
  },
  {
    id: 'google/gemini-image',
    name: 'Gemini image generation',
    patterns: ['ai-sdk-google*:gemini-*image*'],
    ...GOOGLE_TERMS,
    conditions: [...GOOGLE_TERMS.conditions],
  },
  {
    id: 'fal/flux-1-schnell',
    name: 'FLUX.1 [schnell]',
    patterns: ['ai-sdk-fal:fal-ai/flux/schnell*'],
    ...FLUX_HOSTED_SCHNELL(FAL_TERMS),
    conditions: [],
  },
  {
    id: 'fal/flux-1-dev',
    name: 'FLUX.1 [dev]',
    patterns: ['ai-sdk-fal:fal-ai/flux/dev*'],
    ...FLUX_HOSTED_DEV(FAL_TERMS),
  },
  {
    id: 'replicate/flux-1-schnell',
    name: 'FLUX.1 [schnell]',
    patterns: ['ai-sdk-replicate:black-forest-labs/flux-schnell*'],
    ...FLUX_HOSTED_SCHNELL(REPLICATE_TERMS),
    conditions: [],
  },
  {
    id: 'replicate/flux-1-dev',
    name: 'FLUX.1 [dev]',
    patterns: ['ai-sdk-replicate:black-forest-labs/flux-dev*'],
    ...FLUX_HOSTED_DEV(REPLICATE_TERMS),
  },
  {
    id: 'bfl/flux-api',
    name: 'FLUX (Black Forest Labs API)',
    patterns: ['ai-sdk-black-forest-labs:flux-*'],
    ...BFL_API,
    conditions: [...BFL_API.conditions],
  },
  // Common open models, matched by id or folder name on any provider.
  {
    id: 'flux-1-schnell',
    name: 'FLUX.1 [schnell]',
    patterns: ['*:*flux.1-schnell*', '*:*flux-1-schnell*', '*:*flux1-schnell*'],
    ...APACHE,
    licensor: BFL,
    commercialUse: 'allowed',
    outputTerms: 'Apache-2.0 weights; no restriction on outputs.',
    conditions: [],
    confidence: 'verified',
  },
  {
    id: 'flux-1-dev',
    name: 'FLUX.1 [dev]',
    patterns: ['*:*flux.1-dev*', '*:*flux-1-dev*', '*:*flux1-dev*'],
    ...FLUX_DEV,
    conditions: [...FLUX_DEV.conditions],
    licenceUrl: 'https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md',
    licensor: BFL,
    confidence: 'verified',
  },
  {
    id: 'flux-2-dev',
    name: 'FLUX.2 [dev]',
    patterns: ['*:*flux.2-dev*', '*:*flux-2-dev*', '*:*flux2-dev*'],
    ...FLUX_DEV,
    conditions: [...FLUX_DEV.conditions, 'The FLUX.2 autoencoder is Apache-2.0'],
    licenceUrl: 'https://github.com/black-forest-labs/flux2/blob/main/model_licenses/LICENSE-FLUX-DEV',
    licensor: BFL,
    confidence: 'verified',
  },
  {
    id: 'flux-2-klein-9b',
    name: 'FLUX.2 [klein] 9B',
    patterns: ['*:*flux.2-klein-9b*', '*:*flux-2-klein-9b*'],
    ...FLUX_DEV,
    spdx: 'LicenseRef-FLUX-Non-Commercial-2.1',
    licenceName: 'FLUX Non-Commercial License v2.1',
    conditions: [...FLUX_DEV.conditions],
    licenceUrl: 'https://huggingface.co/black-forest-labs/FLUX.2-klein-9B',
    licensor: BFL,
    confidence: 'unverified',
  },
  {
    id: 'flux-2-klein-4b',
    name: 'FLUX.2 [klein] 4B',
    patterns: ['*:*flux.2-klein-4b*', '*:*flux-2-klein-4b*'],
    ...APACHE,
    licensor: BFL,
    commercialUse: 'allowed',
    outputTerms: 'Apache-2.0 weights; no restriction on outputs.',
    conditions: [],
    confidence: 'unverified',
  },
  {
    id: 'sd-turbo',
    name: 'SD-Turbo',
    patterns: ['*:*sd-turbo*', '*:*sd_turbo*'],
    spdx: 'LicenseRef-Stability-AI-Community',
    licenceName: 'Stability AI Community License',
    licenceUrl: 'https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE.md',
    licensor: STABILITY,
    commercialUse: 'conditional',
    outputTerms:
      'Outputs may be used, including commercially, by individuals and organisations under USD 1M annual revenue; above that an enterprise licence from Stability AI is needed.',
    conditions: [
      'Commercial use above USD 1M annual revenue needs a Stability AI enterprise licence',
      'Acceptable use policy applies',
    ],
    confidence: 'unverified',
  },
  {
    id: 'sdxl-turbo',
    name: 'SDXL-Turbo',
    patterns: ['*:*sdxl-turbo*'],
    spdx: 'LicenseRef-Stability-AI-Community',
    licenceName: 'Stability AI Community License',
    licenceUrl: 'https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md',
    licensor: STABILITY,
    commercialUse: 'conditional',
    outputTerms:
      'Outputs may be used, including commercially, by individuals and organisations under USD 1M annual revenue; above that an enterprise licence from Stability AI is needed.',
    conditions: [
      'Commercial use above USD 1M annual revenue needs a Stability AI enterprise licence',
      'Acceptable use policy applies',
    ],
    confidence: 'unverified',
  },
  {
    id: 'stable-diffusion-xl',
    name: 'Stable Diffusion XL 1.0',
    patterns: ['*:*stable-diffusion-xl*', '*:*sdxl*'],
    ...OPENRAIL_PP,
    conditions: [...OPENRAIL_PP.conditions],
    licenceUrl: 'https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md',
    licensor: STABILITY,
    confidence: 'verified',
  },
  {
    id: 'stable-diffusion-2.1',
    name: 'Stable Diffusion 2.1',
    patterns: [
      '*:*stable-diffusion-2-1*',
      '*:*stable-diffusion-2.1*',
      '*:*sd-2-1*',
      '*:*sd21*',
      '*:*sd-2.1*',
    ],
    ...OPENRAIL_PP,
    conditions: [...OPENRAIL_PP.conditions],
    licenceUrl: 'https://huggingface.co/stabilityai/stable-diffusion-2-1/blob/main/LICENSE-MODEL',
    licensor: STABILITY,
    confidence: 'verified',
  },
];
