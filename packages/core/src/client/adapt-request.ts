import { PictorError } from '../errors/pictor-error.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { Warning } from '../spec/warning.js';
import { checkEditInputTypes } from './input-types.js';
import { snapSize } from './snap-size.js';
import { validateEditRequest, validateGenerateRequest } from './validate-request.js';

/** A request fitted to another model: what to send, and what was changed on the way. */
export type AdaptedRequest<R> = { ok: true; request: R; warnings: Warning[] } | { ok: false; reason: string };

function clampTo(
  request: Record<string, unknown>,
  field: 'steps' | 'guidance',
  range: { min: number; max: number } | undefined,
  warnings: Warning[],
): void {
  const value = request[field];
  if (typeof value !== 'number' || !range) return;
  const clamped = Math.min(Math.max(value, range.min), range.max);
  if (clamped !== value) {
    request[field] = clamped;
    warnings.push({
      type: 'adjusted',
      field,
      from: value,
      to: clamped,
      details: `the model's range is ${range.min}–${range.max}`,
    });
  }
}

/**
 * Fits a request (already valid for one model) to another model's capabilities: a size the model
 * does not make is snapped to the nearest one it does, steps and guidance are clamped into its
 * ranges, and fields it ignores are dropped — each change reported as a warning. When the model
 * cannot serve the request at all (no such operation or edit mode, prompt too long, too many
 * references…) the answer says why instead. `n` is left as is: the caller splits it.
 */
export function adaptRequest<R extends GenerateRequest | EditRequest>(
  request: R,
  capabilities: Capabilities,
  operation: 'generate' | 'edit',
): AdaptedRequest<R> {
  const copy = { ...request } as Record<string, unknown>;
  const warnings: Warning[] = [];
  const n = request.n;
  delete copy.n;
  if (request.width !== undefined || request.height !== undefined) {
    const wanted = {
      width: request.width ?? capabilities.defaultSize.width,
      height: request.height ?? capabilities.defaultSize.height,
    };
    const snapped = snapSize(wanted, capabilities);
    const fixed = !capabilities.sizes && !capabilities.width && !capabilities.height;
    if (fixed) {
      delete copy.width;
      delete copy.height;
    } else {
      copy.width = snapped.width;
      copy.height = snapped.height;
    }
    for (const field of ['width', 'height'] as const) {
      if (request[field] !== undefined && snapped[field] !== request[field]) {
        warnings.push({
          type: 'adjusted',
          field,
          from: request[field]!,
          to: snapped[field],
          details: 'the nearest size this model makes',
        });
      }
    }
  }
  if (capabilities.steps) clampTo(copy, 'steps', capabilities.steps, warnings);
  if (capabilities.guidance) clampTo(copy, 'guidance', capabilities.guidance, warnings);
  try {
    const validated =
      operation === 'edit'
        ? validateEditRequest(copy, capabilities, false)
        : validateGenerateRequest(copy, capabilities, false);
    const adapted = validated.request as R;
    if (operation === 'edit') checkEditInputTypes(adapted as EditRequest, capabilities);
    if (n !== undefined) adapted.n = n;
    return { ok: true, request: adapted, warnings: [...warnings, ...validated.warnings] };
  } catch (error) {
    if (!PictorError.isInstance(error)) throw error;
    return { ok: false, reason: `${error.code}: ${error.message}` };
  }
}
