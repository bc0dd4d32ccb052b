import { type EditRequest, InvalidRequestError, readImageInfo } from '@pictor/core';
import { dropFields, type EncodedInputs, type WorkersAIImageModel } from './model.js';

// FLUX.2 dev / klein 4B / klein 9B take multipart/form-data only (a JSON body is a 5006 "required
// properties at '/' are 'multipart'"): prompt, width/height 256–1920 (default 1024×768), seed,
// guidance, steps (dev only; klein is fixed at 4), and up to four reference images
// input_image_0..3, each smaller than 512×512. Output `{ image: base64 }`.

/** The largest side of a FLUX.2 reference image. */
export const FLUX2_MAX_REFERENCE_SIDE = 512;

function referenceBlob(bytes: Uint8Array, field: string): Blob {
  const info = (() => {
    try {
      return readImageInfo(bytes);
    } catch (error) {
      throw new InvalidRequestError(field, `is not a readable image: ${(error as Error).message}`);
    }
  })();
  if (info.width > FLUX2_MAX_REFERENCE_SIDE || info.height > FLUX2_MAX_REFERENCE_SIDE) {
    throw new InvalidRequestError(
      field,
      `is ${info.width}×${info.height}; FLUX.2 reference images must be at most ${FLUX2_MAX_REFERENCE_SIDE}×${FLUX2_MAX_REFERENCE_SIDE}`,
    );
  }
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: info.mediaType });
}

function flux2(
  id: string,
  name: string,
  hasSteps: boolean,
  pricing: string,
  notes: string[],
): WorkersAIImageModel {
  return {
    id,
    name,
    family: 'flux-2',
    capabilities: {
      generate: true,
      editModes: ['reference'],
      maxImagesPerCall: 1,
      width: { min: 256, max: 1920 },
      height: { min: 256, max: 1920 },
      // Cloudflare's schema says only "integer"; FLUX latents are 1/8 of the image, packed in 2×2
      // patches, so the model's own pipeline needs multiples of 16.
      sizeMultiple: 16,
      defaultSize: { width: 1024, height: 768 },
      ...(hasSteps ? { steps: { min: 1, max: 50, default: 25 } } : {}),
      guidance: { min: 0, max: 20, default: 4 },
      seed: true,
      negativePrompt: false,
      maxReferences: 4,
      progress: 'coarse',
      outputTypes: ['image/png', 'image/jpeg', 'image/webp'],
    },
    output: 'base64',
    multipart: true,
    terms: { name: 'Black Forest Labs terms of service', url: 'https://bfl.ai/legal/terms-of-service' },
    pricing,
    partner: true,
    beta: false,
    notes: [
      ...notes,
      'Multipart requests fail through AI Gateway (cloudflare-docs #33336); Pictor reports that failure clearly.',
    ],
    encode(request, context): EncodedInputs {
      const warnings: EncodedInputs['warnings'] = [];
      dropFields(request, hasSteps ? ['negativePrompt'] : ['negativePrompt', 'steps'], id, warnings);
      const form = new FormData();
      form.append('prompt', request.prompt);
      for (const [key, value] of [
        ['width', request.width],
        ['height', request.height],
        ['seed', request.seed],
        ['guidance', request.guidance],
        ['steps', hasSteps ? request.steps : undefined],
      ] as const) {
        if (value !== undefined) form.append(key, String(value));
      }
      if (context.operation === 'edit') {
        const edit = request as EditRequest;
        const images = [edit.image, ...(edit.references ?? [])] as Uint8Array[];
        if (images.length > 4)
          throw new InvalidRequestError(
            'references',
            `${images.length} images in all; FLUX.2 takes at most 4`,
          );
        images.forEach((bytes, i) => {
          form.append(
            `input_image_${i}`,
            referenceBlob(bytes, i === 0 ? 'image' : `references[${i - 1}]`),
            `input_image_${i}`,
          );
        });
        dropFields(edit, ['mask', 'strength'], id, warnings);
      }
      return { inputs: { multipart: { body: form, contentType: 'multipart/form-data' } }, warnings };
    },
  };
}

/** The FLUX.2 catalogue entries. */
export const flux2Models: WorkersAIImageModel[] = [
  flux2(
    '@cf/black-forest-labs/flux-2-dev',
    'FLUX.2 [dev]',
    true,
    '$0.00021 per input 512×512 tile per step + $0.00041 per output tile per step',
    ['Slower than the other image models.'],
  ),
  flux2(
    '@cf/black-forest-labs/flux-2-klein-4b',
    'FLUX.2 [klein] 4B',
    false,
    '$0.000059 per input 512×512 tile + $0.000287 per output tile',
    ['Steps are fixed at 4.'],
  ),
  flux2(
    '@cf/black-forest-labs/flux-2-klein-9b',
    'FLUX.2 [klein] 9B',
    false,
    'not published at the time of writing',
    ['Steps are fixed at 4.'],
  ),
];
