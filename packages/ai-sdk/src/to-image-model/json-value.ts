/** A JSON value, as AI SDK provider metadata must be. */
export type JSONValue = null | string | number | boolean | JSONValue[] | { [key: string]: JSONValue };

const MAX_DEPTH = 32;

/**
 * Makes annotations JSON-safe for `providerMetadata`: bytes become `{ byteLength }`, dates ISO
 * strings, errors `{ name, message }`; functions, symbols and `undefined` are dropped; cycles and
 * depth past 32 become `null`. Bounded in time by the input's size.
 */
export function toJSONValue(value: unknown, seen = new Set<object>(), depth = 0): JSONValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  const object = value as object;
  if (depth >= MAX_DEPTH || seen.has(object)) return null;
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return { byteLength: object.byteLength };
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (object instanceof Error) return { name: object.name, message: object.message };
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((item) => toJSONValue(item, seen, depth + 1) ?? null);
    const out: { [key: string]: JSONValue } = {};
    for (const [key, item] of Object.entries(object)) {
      const converted = toJSONValue(item, seen, depth + 1);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  } finally {
    seen.delete(object);
  }
}
