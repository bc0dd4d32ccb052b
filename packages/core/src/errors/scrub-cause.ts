import { redactSecrets } from './redact.js';

const builtins: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  SyntaxError,
  RangeError,
  ReferenceError,
  EvalError,
  URIError,
};

const MAX_DEPTH = 8;

function isPictorError(value: object): boolean {
  return (value as Record<symbol, unknown>)[Symbol.for('pictor.error')] === true;
}

/** String and number fields of an error worth keeping (`code`, `errno`, `syscall`, `status`…). */
function primitiveFields(error: Error): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(error)) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string') out[key] = redactSecrets(value);
  }
  return out;
}

function needsScrub(error: Error, depth: number): boolean {
  if (redactSecrets(error.message) !== error.message) return true;
  if (typeof error.stack === 'string' && redactSecrets(error.stack) !== error.stack) return true;
  for (const key of Object.keys(error)) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' && redactSecrets(value) !== value) return true;
    if (typeof value === 'object' && value !== null && !(value instanceof Error)) return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && scrubCause(cause, depth + 1) !== cause;
}

/**
 * Returns `cause` fit to be kept on a Pictor error: a Pictor error as it is (its own construction
 * redacted it); any other error as it is when nothing in it — message, stack, string fields, its own
 * cause chain — holds a secret, else a copy of the same built-in class with all of that redacted
 * (and object-valued fields, such as a response body, dropped); a string redacted; anything else
 * (a thrown object) as a redacted string. A `SyntaxError` quoting a response body is the usual case.
 */
export function scrubCause(cause: unknown, depth = 0): unknown {
  if (cause === undefined || cause === null) return cause;
  if (typeof cause === 'string') return redactSecrets(cause);
  if (typeof cause !== 'object') return cause;
  if (isPictorError(cause)) return cause;
  if (!(cause instanceof Error)) return redactSecrets(safeString(cause));
  if (depth >= MAX_DEPTH) return new Error(redactSecrets(cause.message));
  if (!needsScrub(cause, depth)) return cause;
  const Builtin = builtins[cause.constructor?.name ?? ''] ?? Error;
  const inner = (cause as { cause?: unknown }).cause;
  const copy = new Builtin(
    redactSecrets(cause.message),
    inner === undefined ? undefined : { cause: scrubCause(inner, depth + 1) },
  );
  if (copy.name !== cause.name) copy.name = cause.name;
  Object.assign(copy, primitiveFields(cause));
  if (typeof cause.stack === 'string') copy.stack = redactSecrets(cause.stack);
  return copy;
}

function safeString(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
