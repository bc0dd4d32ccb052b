import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files being written right now, removed on Ctrl-C even if the process must exit at once. */
const pending = new Set<string>();

/** Removes every temporary file still being written (synchronous: safe in a signal or exit handler). */
export function removePendingFiles(): void {
  for (const path of pending) rmSync(path, { force: true });
  pending.clear();
}

/** The target exists and `force` was not given. */
export class FileExistsError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`${path} already exists (use --force to overwrite)`);
    this.name = 'FileExistsError';
    this.path = path;
  }
}

/**
 * Writes `bytes` to `path` atomically: into a temporary file beside it, then renamed into place, so
 * a reader never sees half a file and an interrupted run leaves nothing under the real name.
 * Without `force` the final step is `link` (which fails if the target exists, with no race),
 * falling back to an existence check + `rename` on filesystems without hard links.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  pending.add(temporary);
  try {
    try {
      await writeFile(temporary, bytes, {
        flag: 'wx',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(`cannot write ${path} (${code})`, { cause: error });
    }
    options.signal?.throwIfAborted();
    if (options.force) {
      await rename(temporary, path);
      return;
    }
    try {
      await link(temporary, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new FileExistsError(path);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
      const { existsSync } = await import('node:fs');
      if (existsSync(path)) throw new FileExistsError(path);
      await rename(temporary, path);
    }
  } finally {
    pending.delete(temporary);
    await rm(temporary, { force: true });
  }
}
