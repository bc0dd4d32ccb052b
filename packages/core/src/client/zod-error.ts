import type { z } from 'zod';
import { InvalidRequestError } from '../errors/invalid-request-error.js';

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** The first zod issue as an `InvalidRequestError` naming the field's path. */
export function zodToInvalidRequest(error: z.ZodError, prefix = ''): InvalidRequestError {
  const issue = error.issues[0]!;
  const field = formatPath(issue.path, prefix) || prefix || '(root)';
  return new InvalidRequestError(field, issue.message, { cause: error });
}
