import { redactSecrets } from './redact.js';

const MAX_DEPTH = 16;

/**
 * A copy of a JSON-like value with every string (keys included) passed through `redactSecrets`:
 * for log data, result metadata and anything else that leaves the SDK as structured data. Byte
 * arrays and other non-plain objects are kept as they are; nesting past 16 levels is cut.
 */
export function redactValue<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]' as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redactSecrets(key)] = redactValue(item, depth + 1);
  return out as T;
}
