import type { EditRequest } from '../spec/edit-request.js';
import type { GenerateRequest } from '../spec/generate-request.js';

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** A JSON form with sorted keys, `undefined` dropped and byte arrays replaced by their SHA-256. */
async function normalize(value: unknown): Promise<unknown> {
  if (value instanceof Uint8Array) return { sha256: await sha256(value) };
  if (Array.isArray(value)) return Promise.all(value.map(normalize));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = await normalize(item);
    }
    return out;
  }
  return value;
}

/**
 * The content-addressed cache key of a call: SHA-256 of provider, model, operation and the
 * normalised request (sorted keys; image inputs by their own SHA-256).
 */
export async function cacheKey(
  provider: string,
  modelId: string,
  operation: 'generate' | 'edit',
  request: GenerateRequest | EditRequest,
): Promise<string> {
  const normalized = await normalize({ provider, modelId, operation, request });
  return sha256(JSON.stringify(normalized));
}
