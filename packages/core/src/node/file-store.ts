import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactValue } from '../errors/redact-value.js';
import type { CacheEntry, CacheStore } from '../middleware/cache-store.js';

interface StoredFile {
  version: 1;
  createdAt: number;
  expiresAt?: number;
  result: Omit<CacheEntry['result'], 'images'> & {
    images: (Omit<CacheEntry['result']['images'][number], 'bytes'> & { bytes: string })[];
  };
}

/**
 * A filesystem cache store: one JSON file per key under `dir` (images base64). Writes are atomic
 * (a temporary file in the same directory, then `rename`), so a reader never sees half a file and a
 * crash never leaves one behind under the real name. Unreadable files count as misses.
 *
 * @example
 * cache({ store: fileStore('.cache/pictor') })
 */
export function fileStore(dir: string): CacheStore {
  const pathOf = (key: string) => {
    if (!/^[a-f0-9]{16,128}$/.test(key)) throw new Error('fileStore: keys must be hex digests');
    return join(dir, `${key}.json`);
  };
  return {
    async get(key) {
      let text: string;
      try {
        text = await readFile(pathOf(key), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const stored = JSON.parse(text) as StoredFile;
        if (stored.version !== 1) return undefined;
        return {
          createdAt: stored.createdAt,
          ...(stored.expiresAt !== undefined ? { expiresAt: stored.expiresAt } : {}),
          result: {
            ...stored.result,
            images: stored.result.images.map((image) => ({
              ...image,
              bytes: new Uint8Array(Buffer.from(image.bytes, 'base64')),
            })),
          },
        };
      } catch {
        return undefined;
      }
    },
    async set(key, entry) {
      await mkdir(dir, { recursive: true });
      const stored: StoredFile = {
        version: 1,
        createdAt: entry.createdAt,
        ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
        result: {
          // Everything but the bytes is redacted: a file on disk must never hold a secret.
          ...redactValue({ ...entry.result, images: [] }),
          images: entry.result.images.map((image) => ({
            ...redactValue({ ...image, bytes: '' }),
            bytes: Buffer.from(image.bytes).toString('base64'),
          })),
        },
      };
      const target = pathOf(key);
      const temporary = join(dir, `.${key}.${randomUUID()}.tmp`);
      try {
        await writeFile(temporary, JSON.stringify(stored));
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
