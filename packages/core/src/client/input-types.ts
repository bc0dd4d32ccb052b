import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { sniffMediaType } from '../image/sniff-image.js';
import type { Capabilities } from '../spec/capabilities.js';
import type { EditRequest } from '../spec/edit-request.js';

/** Throws `InvalidRequestError` naming `field` when the model does not take images of this type. */
export function checkInputType(field: string, mediaType: string, capabilities: Capabilities): void {
  const accepted = capabilities.inputTypes;
  if (accepted && !accepted.includes(mediaType as (typeof accepted)[number])) {
    throw new InvalidRequestError(
      field,
      `is ${mediaType}; this model takes only ${accepted.join(', ')} inputs (convert it to ${accepted
        .map((type) => type.slice('image/'.length).toUpperCase())
        .join(' or ')} first)`,
    );
  }
}

/** `checkInputType` for every image of an edit whose inputs are already bytes. */
export function checkEditInputTypes(request: EditRequest, capabilities: Capabilities): void {
  if (!capabilities.inputTypes) return;
  const inputs: [string, unknown][] = [
    ['image', request.image],
    ['mask', request.mask],
    ...(request.references ?? []).map((reference, i): [string, unknown] => [`references[${i}]`, reference]),
  ];
  for (const [field, input] of inputs) {
    if (!(input instanceof Uint8Array)) continue;
    const type = sniffMediaType(input);
    if (type) checkInputType(field, type, capabilities);
  }
}
