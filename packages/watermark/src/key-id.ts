import { hmac } from './key-stream.js';

/**
 * A public name for a key: 8 hex digits of HMAC-SHA-256(key, "pictor.watermark.key-id"), so a
 * provenance record can say which key marked an image without revealing the key.
 */
export async function watermarkKeyId(key: string | Uint8Array): Promise<string> {
  const bytes = await hmac(key, 'pictor.watermark.key-id');
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
}
