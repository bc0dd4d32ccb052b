import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { ProviderObject } from './config-schema.js';

/**
 * Parses `id:model?key=value&…` into a provider object. The model may itself contain `:` and `/`
 * (for example `workers-ai:@cf/black-forest-labs/flux-1-schnell`); query values become `options`.
 */
export function parseProviderString(text: string, field = 'provider'): ProviderObject {
  const colon = text.indexOf(':');
  if (colon <= 0)
    throw new InvalidRequestError(field, `"${text}" is not of the form id:model (for example tfjs:emoji)`);
  const id = text.slice(0, colon).trim();
  let rest = text.slice(colon + 1);
  const options: Record<string, unknown> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    const params = new URLSearchParams(rest.slice(question + 1));
    for (const [key, value] of params) {
      const existing = options[key];
      options[key] = existing === undefined ? value : ([] as unknown[]).concat(existing, value);
    }
    rest = rest.slice(0, question);
  }
  const model = rest.trim();
  if (!/^[a-z][a-z0-9-]*$/.test(id))
    throw new InvalidRequestError(field, `"${id}" is not a valid provider id`);
  if (!model) throw new InvalidRequestError(field, `"${text}" names no model after "${id}:"`);
  return { id, model, options };
}
