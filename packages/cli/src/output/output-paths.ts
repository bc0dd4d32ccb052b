import { constants, statSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { FileExistsError } from './atomic-write.js';

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
};
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/** A file name from the prompt: `a red apple!` → `a-red-apple`. */
export function slugify(prompt: string): string {
  const slug = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'image';
}

/**
 * The files `-o` asks for: one path, or for `count` > 1 numbered names (`apple.png` → `apple-1.png`,
 * `apple-2.png`, …). `-o` may name a directory (`out/`). Without `-o`, `defaultName` (for example the prompt, slugified). A name with no image extension
 * gets `.png` (corrected later to what the model actually returned).
 */
export function plannedPaths(
  output: string | undefined,
  defaultName: string,
  count: number,
  cwd: string,
): string[] {
  if (output !== undefined) refuseSpecialFile(resolve(cwd, output));
  // `-o out/` (or an existing directory): the default name inside it.
  const isDirectory =
    output !== undefined && (/[\\/]$/.test(output) || isExistingDirectory(resolve(cwd, output)));
  let base = isDirectory ? join(resolve(cwd, output), defaultName) : resolve(cwd, output ?? defaultName);
  if (!IMAGE_EXTENSIONS.has(extname(base).toLowerCase())) base += '.png';
  if (count === 1) return [base];
  const extension = extname(base);
  const stem = base.slice(0, -extension.length);
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${stem}-${String(i + 1).padStart(width, '0')}${extension}`);
}

/** Device files, FIFOs and sockets (`-o /dev/null`, `-o /dev/sda`) and paths under /dev, /proc, /sys. */
function refuseSpecialFile(path: string): void {
  if (/^\/(dev|proc|sys)(\/|$)/.test(path))
    throw new Error(`cannot write ${path}: pictor writes image files, not into /dev, /proc or /sys`);
  let info: ReturnType<typeof statSync> | undefined;
  try {
    info = statSync(path);
  } catch {
    return; // absent: a new file
  }
  if (!info.isFile() && !info.isDirectory())
    throw new Error(`cannot write ${path}: it is a device, FIFO or socket; pictor writes image files only`);
}

function isExistingDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // absent, or a path through a file (ENOTDIR): checkWritable reports it
  }
}

/** `path` with the extension of `mediaType` when its own extension names another image type. */
export function withExtensionFor(path: string, mediaType: string): string {
  const wanted = EXTENSIONS[mediaType];
  const current = extname(path).toLowerCase();
  if (!wanted || current === wanted || (current === '.jpeg' && wanted === '.jpg')) return path;
  return path.slice(0, -current.length) + wanted;
}

/**
 * Checks, before any generation, that every planned file can be written: its directory exists and is
 * writable, and (without `force`) the file does not exist yet. Fails fast so no model time is wasted.
 */
export async function checkWritable(paths: readonly string[], force: boolean): Promise<void> {
  for (const path of paths) {
    const directory = dirname(path);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(directory);
    } catch {
      throw new Error(`cannot write ${path}: directory ${directory} does not exist`);
    }
    if (!info.isDirectory()) throw new Error(`cannot write ${path}: ${directory} is not a directory`);
    try {
      await access(directory, constants.W_OK);
    } catch {
      throw new Error(`cannot write ${path}: directory ${directory} is not writable`);
    }
    if (!force) {
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (exists) throw new FileExistsError(path);
    }
  }
}
