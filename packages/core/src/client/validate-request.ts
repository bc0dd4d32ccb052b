import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { Warning } from '../spec/warning.js';
import { editRequestSchema, generateRequestSchema } from './request-schema.js';
import { type Size, sizeForAspectRatio, snapSize } from './snap-size.js';
import { zodToInvalidRequest } from './zod-error.js';

/** A request checked against a model's capabilities, with what was dropped. */
export interface ValidatedRequest<R> {
  request: R;
  warnings: Warning[];
}

type Mutable<R> = { -readonly [K in keyof R]: R[K] };

function checkRange(field: string, value: number, range: { min: number; max: number }): void {
  if (value < range.min || value > range.max) {
    throw new InvalidRequestError(field, `${value} is outside the model's range ${range.min}–${range.max}`);
  }
}

function checkSize(
  request: GenerateRequest,
  capabilities: Capabilities,
  drop: (field: 'width' | 'height', why: string) => void,
) {
  const { width, height } = request;
  if (width === undefined && height === undefined) return;
  const fixed = !capabilities.sizes && !capabilities.width && !capabilities.height;
  if (fixed) {
    const { width: dw, height: dh } = capabilities.defaultSize;
    if (width !== undefined && width !== dw) drop('width', `the model only makes ${dw}×${dh} images`);
    if (height !== undefined && height !== dh) drop('height', `the model only makes ${dw}×${dh} images`);
    return;
  }
  const w = width ?? capabilities.defaultSize.width;
  const h = height ?? capabilities.defaultSize.height;
  if (capabilities.sizes) {
    if (!capabilities.sizes.some((s) => s.width === w && s.height === h)) {
      const allowed = capabilities.sizes.map((s) => `${s.width}×${s.height}`).join(', ');
      throw new InvalidRequestError(
        width !== undefined ? 'width' : 'height',
        `${w}×${h} is not a size this model makes (allowed: ${allowed})`,
      );
    }
    return;
  }
  const multiple = capabilities.sizeMultiple ?? 1;
  for (const [field, value, range] of [
    ['width', width, capabilities.width],
    ['height', height, capabilities.height],
  ] as const) {
    if (value === undefined) continue;
    if (range) checkRange(field, value, range);
    if (value % multiple !== 0)
      throw new InvalidRequestError(field, `${value} is not a multiple of ${multiple}`);
  }
}

/** Turns `size` / `aspectRatio` into `width` and `height` the model makes, with a warning when snapped. */
function resolveSize(
  request: Mutable<GenerateRequest>,
  capabilities: Capabilities,
  warnings: Warning[],
): void {
  const { size, aspectRatio } = request;
  if (size === undefined && aspectRatio === undefined) return;
  const explicit = request.width !== undefined || request.height !== undefined;
  if (size !== undefined && (explicit || aspectRatio !== undefined))
    throw new InvalidRequestError('size', 'cannot be combined with width, height or aspectRatio');
  if (aspectRatio !== undefined && explicit)
    throw new InvalidRequestError('aspectRatio', 'cannot be combined with width or height');
  delete request.size;
  delete request.aspectRatio;
  let resolved: Size;
  if (size !== undefined) {
    const [width, height] = size.split('x').map(Number) as [number, number];
    resolved = snapSize({ width, height }, capabilities);
    if (resolved.width !== width || resolved.height !== height) {
      warnings.push({
        type: 'adjusted',
        field: 'size',
        from: size,
        to: `${resolved.width}x${resolved.height}`,
        details: 'the nearest size this model makes',
      });
    }
  } else {
    const [w, h] = aspectRatio!.split(':').map(Number) as [number, number];
    resolved = sizeForAspectRatio(w / h, capabilities);
    if (resolved.width * h !== resolved.height * w) {
      warnings.push({
        type: 'adjusted',
        field: 'aspectRatio',
        from: aspectRatio!,
        to: `${resolved.width}x${resolved.height}`,
        details: 'the nearest size this model makes at that ratio',
      });
    }
  }
  request.width = resolved.width;
  request.height = resolved.height;
}

/**
 * Checks a request's shape (zod) and its values against the model's capabilities. Out of range →
 * `InvalidRequestError` naming the field. A field the model ignores is removed and reported as a
 * warning, or, when `strict`, is an `UnsupportedFeatureError`.
 */
export function validateGenerateRequest(
  input: unknown,
  capabilities: Capabilities,
  strict: boolean,
  operation: 'generate' | 'edit' = 'generate',
): ValidatedRequest<GenerateRequest> {
  const parsed = (operation === 'edit' ? editRequestSchema : generateRequestSchema).safeParse(input);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error);
  const request = { ...(input as GenerateRequest) } as Mutable<GenerateRequest>;
  const warnings: Warning[] = [];
  const drop = (field: keyof GenerateRequest | 'mask' | 'references' | 'strength', why: string) => {
    if (strict) throw new UnsupportedFeatureError(field, why);
    delete (request as Record<string, unknown>)[field];
    warnings.push({ type: 'unsupported', field, details: why });
  };

  if (operation === 'generate' && !capabilities.generate) {
    throw new UnsupportedFeatureError('operation', 'this model cannot generate from text; use edit');
  }
  if (capabilities.maxPromptLength !== undefined && request.prompt.length > capabilities.maxPromptLength) {
    throw new InvalidRequestError(
      'prompt',
      `is ${request.prompt.length} characters; the model accepts at most ${capabilities.maxPromptLength}`,
    );
  }
  if (request.negativePrompt !== undefined && !capabilities.negativePrompt) {
    drop('negativePrompt', 'the model ignores negative prompts');
  }
  resolveSize(request, capabilities, warnings);
  checkSize(request, capabilities, drop);
  if (request.seed !== undefined && !capabilities.seed) drop('seed', 'the model does not take a seed');
  if (request.steps !== undefined) {
    if (!capabilities.steps) drop('steps', 'the model has no step count');
    else checkRange('steps', request.steps, capabilities.steps);
  }
  if (request.guidance !== undefined) {
    if (!capabilities.guidance) drop('guidance', 'the model does not take a guidance scale');
    else checkRange('guidance', request.guidance, capabilities.guidance);
  }
  return { request, warnings };
}

/** `validateGenerateRequest` plus the edit-only fields (mode, mask, references, strength). Images are checked later. */
export function validateEditRequest(
  input: unknown,
  capabilities: Capabilities,
  strict: boolean,
): ValidatedRequest<EditRequest> {
  if (typeof input === 'object' && input !== null && !('image' in input) && 'mask' in input) {
    throw new InvalidRequestError('image', 'is required (a mask was given without an image)');
  }
  const { request, warnings } = validateGenerateRequest(input, capabilities, strict, 'edit');
  const edit = request as Mutable<EditRequest>;
  if (!capabilities.editModes.includes(edit.mode)) {
    const modes = capabilities.editModes.length ? capabilities.editModes.join(', ') : 'none';
    throw new UnsupportedFeatureError(
      'mode',
      `the model does not support ${edit.mode} edits (it supports: ${modes})`,
    );
  }
  const drop = (field: 'mask' | 'references' | 'strength', why: string) => {
    if (strict) throw new UnsupportedFeatureError(field, why);
    delete (edit as Record<string, unknown>)[field];
    warnings.push({ type: 'unsupported', field, details: why });
  };
  if (edit.mode === 'inpaint' && edit.mask === undefined)
    throw new InvalidRequestError('mask', 'is required for inpaint edits');
  if (edit.mode !== 'inpaint' && edit.mask !== undefined)
    drop('mask', `a mask is only used by inpaint edits, not ${edit.mode}`);
  if (edit.references !== undefined) {
    if (edit.mode !== 'reference')
      drop('references', `references are only used by reference edits, not ${edit.mode}`);
    else {
      const max = capabilities.maxReferences ?? 0;
      if (edit.references.length + 1 > max) {
        throw new InvalidRequestError(
          'references',
          `${edit.references.length + 1} images in all; the model takes at most ${max}`,
        );
      }
    }
  }
  if (edit.strength !== undefined && edit.mode !== 'img2img' && edit.mode !== 'inpaint') {
    drop('strength', `strength is only used by img2img and inpaint edits, not ${edit.mode}`);
  }
  return { request: edit, warnings };
}
