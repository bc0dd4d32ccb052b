import { InvalidRequestError } from '@pictor/core';

/**
 * The documented shape of a Workers AI model id: `@cf/<org>/<name>` or `@hf/<org>/<name>`, each part
 * letters, digits, `.`, `_` and `-`, starting with a letter or digit (so never `.` or `..`), at most
 * 128 characters. Every catalogue id has it (`@cf/black-forest-labs/flux-1-schnell`,
 * `@cf/moondream/moondream3.1-9B-A2B`).
 */
const MODEL_ID = /^@(cf|hf)\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;

/**
 * Checks a model id against the documented grammar. A crafted id (`@cf/../../user/tokens`, one with
 * `?`, `#`, `%`, a space or a control character) is an `InvalidRequestError` naming `field`, thrown
 * before any request, so the API token is never sent to another endpoint.
 */
export function checkModelId<T>(model: T, field = 'model'): T & string {
  if (typeof model !== 'string' || !MODEL_ID.test(model)) {
    throw new InvalidRequestError(
      field,
      `${describe(model)} is not a Workers AI model id (expected @cf/<org>/<name> or @hf/<org>/<name>)`,
    );
  }
  return model as T & string;
}

function describe(model: unknown): string {
  if (typeof model !== 'string') return `a ${model === null ? 'null' : typeof model}`;
  return JSON.stringify(model.length > 80 ? `${model.slice(0, 80)}…` : model);
}

/**
 * The model's URL path (`@cf/<org>/<name>`), checked, with each part percent-encoded on its own
 * (a no-op for a valid id; it keeps the path whole should the grammar ever widen).
 */
export function modelPath(model: unknown, field = 'model'): string {
  const [, family, org, name] = MODEL_ID.exec(checkModelId(model, field))!;
  return `@${family}/${encodeURIComponent(org!)}/${encodeURIComponent(name!)}`;
}
