import {
  type Capabilities,
  type EditMode,
  type EditRequest,
  type GenerateRequest,
  type ImageInput,
  InvalidRequestError,
  UnsupportedFeatureError,
} from '@pictor/core';
import type { AISDKImageCallOptions, AISDKImageFile, AISDKImageWarning } from '../ai-sdk-spec.js';
import { parsePictorCallOptions } from './pictor-options.js';
import { hasFixedSize, sizeFromAISDK, sizeFromAspectRatio } from './size.js';

/** An AI SDK call turned into a Pictor call. */
export type MappedCall =
  | { operation: 'generate'; request: GenerateRequest; warnings: AISDKImageWarning[] }
  | { operation: 'edit'; request: EditRequest; warnings: AISDKImageWarning[] };

function toImageInput(file: AISDKImageFile, field: string): ImageInput {
  if (file.type === 'url') return { url: file.url };
  if (file.type === 'file') return typeof file.data === 'string' ? { base64: file.data } : file.data;
  throw new InvalidRequestError(field, 'must be { type: "file" } or { type: "url" }');
}

/** The edit mode an AI SDK call asks for: a mask → inpaint; several files → reference; one → img2img, else what the model has. */
function inferMode(files: number, hasMask: boolean, capabilities: Capabilities): EditMode {
  if (hasMask) return 'inpaint';
  const modes = capabilities.editModes;
  if (files > 1) return 'reference';
  for (const mode of ['img2img', 'reference', 'upscale'] as const) if (modes.includes(mode)) return mode;
  throw new UnsupportedFeatureError('files', 'this model cannot edit images');
}

/**
 * Maps `doGenerate` options to a Pictor request: `size`/`aspectRatio` → width and height (derived
 * or snapped sizes come with a `compatibility` warning), `files`/`mask` → an edit, and
 * `providerOptions.pictor` → Pictor's own fields. The other `providerOptions` entries pass through
 * to the Pictor provider, which reads its own.
 */
export function callToRequest(options: AISDKImageCallOptions, capabilities: Capabilities): MappedCall {
  const warnings: AISDKImageWarning[] = [];
  const { pictor, ...passThrough } = options.providerOptions ?? {};
  const extras = parsePictorCallOptions(pictor);
  const files = options.files ?? [];
  const isEdit = files.length > 0 || options.mask !== undefined || extras.mode !== undefined;
  const mode = isEdit
    ? (extras.mode ?? inferMode(files.length, options.mask !== undefined, capabilities))
    : undefined;

  let prompt = options.prompt;
  if (prompt === undefined) {
    if (mode !== 'upscale')
      throw new InvalidRequestError('prompt', 'is required (only upscale edits may omit it)');
    prompt = 'upscale';
  }
  const request: GenerateRequest = { prompt };
  if (options.n !== undefined) request.n = options.n;
  if (options.seed !== undefined) request.seed = options.seed;

  if (options.size !== undefined || options.aspectRatio !== undefined) {
    if (hasFixedSize(capabilities)) {
      const { width, height } = capabilities.defaultSize;
      const feature = options.size !== undefined ? 'size' : 'aspectRatio';
      warnings.push({
        type: 'unsupported',
        feature,
        details: `the model only makes ${width}x${height} images`,
      });
    } else {
      const fitted =
        options.size !== undefined
          ? sizeFromAISDK(options.size, capabilities)
          : sizeFromAspectRatio(options.aspectRatio!, capabilities);
      if (options.size !== undefined && options.aspectRatio !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'aspectRatio',
          details: 'size was given too; it wins',
        });
      }
      if (fitted.adjusted) {
        warnings.push({
          type: 'compatibility',
          feature: options.size !== undefined ? 'size' : 'aspectRatio',
          details: fitted.adjusted,
        });
      }
      request.width = fitted.width;
      request.height = fitted.height;
    }
  }
  if (extras.negativePrompt !== undefined) request.negativePrompt = extras.negativePrompt;
  if (extras.steps !== undefined) request.steps = extras.steps;
  if (extras.guidance !== undefined) request.guidance = extras.guidance;
  if (Object.keys(passThrough).length > 0) request.providerOptions = passThrough;

  if (mode === undefined) {
    if (extras.strength !== undefined)
      warnings.push({ type: 'unsupported', feature: 'strength', details: 'strength is only used by edits' });
    return { operation: 'generate', request, warnings };
  }
  const [first, ...rest] = files;
  if (first === undefined) throw new InvalidRequestError('files', `a ${mode} edit needs an image in files`);
  const edit: EditRequest = { ...request, mode, image: toImageInput(first, 'files[0]') };
  if (rest.length > 0) {
    if (mode === 'reference') edit.references = rest.map((file, i) => toImageInput(file, `files[${i + 1}]`));
    else
      warnings.push({
        type: 'other',
        message: `only the first of ${files.length} files is used by a ${mode} edit`,
      });
  }
  if (options.mask !== undefined) edit.mask = toImageInput(options.mask, 'mask');
  if (extras.strength !== undefined) edit.strength = extras.strength;
  return { operation: 'edit', request: edit, warnings };
}
