import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { randomSeed } from '../noise/seeded-noise.js';
import type { CallOptions } from '../spec/call-options.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';
import type { ImageProvider } from '../spec/image-provider.js';
import type { ImageResult } from '../spec/image-result.js';
import { throwIfAborted } from './abortable.js';
import { checkEditInputTypes } from './input-types.js';
import { mergeWarnings } from './run-split.js';
import { type ValidatedRequest, validateEditRequest, validateGenerateRequest } from './validate-request.js';

/**
 * Checks a request that reaches a provider directly (not through the client) exactly as the client
 * would: shape, ranges, `n` ≤ `maxImagesPerCall` (splitting `n` is the client's job), fields the
 * model ignores dropped with a warning. A seedless request on a model that honours seeds gets a
 * random seed here — the same policy as the client's, so a direct call is never silently seed 0.
 */
export function validateProviderRequest<R extends GenerateRequest | EditRequest>(
  operation: 'generate' | 'edit',
  request: R,
  capabilities: Capabilities,
): ValidatedRequest<R> {
  const validated =
    operation === 'edit'
      ? validateEditRequest(request, capabilities, false)
      : validateGenerateRequest(request, capabilities, false);
  const valid = validated.request as R;
  if (operation === 'edit') checkEditInputTypes(valid as EditRequest, capabilities);
  const n = valid.n ?? 1;
  if (n > capabilities.maxImagesPerCall) {
    throw new InvalidRequestError(
      'n',
      `${n} is more than this model makes per call (${capabilities.maxImagesPerCall}); the client splits larger requests`,
    );
  }
  if (capabilities.seed && valid.seed === undefined) valid.seed = randomSeed();
  return { request: valid, warnings: validated.warnings };
}

function blame(provider: string): (error: unknown) => never {
  return (error) => {
    if (PictorError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ProviderError(`${provider} failed: ${message}`, { provider, cause: error });
  };
}

/**
 * An adapter's provider with the request checks of `validateProviderRequest` in front of every call,
 * its warnings merged into the result, and any non-Pictor error it throws typed as its
 * `ProviderError`. Adapters wrap what their factory returns, so a direct call is held to the spec
 * too.
 *
 * @example
 * return withRequestChecks({ specificationVersion: 'v1', provider: 'my-backend', modelId, capabilities, generate });
 */
export function withRequestChecks<P extends ImageProvider>(provider: P): P {
  const capabilities = provider.capabilities;
  const run = async <R extends GenerateRequest | EditRequest>(
    operation: 'generate' | 'edit',
    request: R,
    options: CallOptions | undefined,
    call: (request: R, options: CallOptions) => Promise<ImageResult>,
  ): Promise<ImageResult> => {
    throwIfAborted(options?.signal);
    const { request: valid, warnings } = validateProviderRequest(operation, request, capabilities);
    const result = await call(valid, options ?? {}).catch(blame(provider.provider));
    if (warnings.length === 0) return result;
    return { ...result, warnings: mergeWarnings(warnings, result.warnings ?? []) };
  };
  // A copy of every own property (getters included), so spreading the result still works.
  const checked = Object.defineProperties({}, Object.getOwnPropertyDescriptors(provider)) as ImageProvider;
  Object.defineProperties(checked, {
    generate: {
      value: (request: GenerateRequest, options?: CallOptions) =>
        run('generate', request, options, (r, o) => provider.generate(r, o)),
      enumerable: true,
      writable: true,
      configurable: true,
    },
    ...(provider.edit
      ? {
          edit: {
            value: (request: EditRequest, options?: CallOptions) =>
              run('edit', request, options, (r, o) => provider.edit!(r, o)),
            enumerable: true,
            writable: true,
            configurable: true,
          },
        }
      : {}),
  });
  return checked as P;
}
