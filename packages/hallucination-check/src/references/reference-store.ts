// A store of protected works for the nearDuplicate judge: each work's PDQ hash, the hashes of its
// rotated and cropped copies (so a copy rotated by up to ±10° or cut to 90 % still matches), its
// quality and its 64-bit pHash. Three kinds: in memory, a folder of images, an index file (.jsonl,
// hashes only: the works themselves need not be shipped).
import { InvalidRequestError } from '@pictor/core';
import { z } from 'zod';
import {
  borderMean,
  cropLuma,
  type LumaPlane,
  pdqLuma,
  pdqOfLuma,
  rotateLuma,
  shrinkLuma,
} from '../hash/pdq.js';
import { pHash } from '../hash/phash.js';
import { decodeImage } from '../image/decode-image.js';

/** One protected work as the judge compares it. */
export interface ReferenceEntry {
  /** How results name it (a file name, an asset id). */
  id: string;
  /** PDQ of the work (64 hex digits). */
  pdq: string;
  /** Meta's PDQ quality of the work (0–100; under 50 the hash says little). */
  quality: number;
  /** PDQ of the work's rotated and cropped copies (see `ReferenceVariantOptions`). */
  variants: string[];
  /** The 64-bit pHash (16 hex digits), for `algorithm: 'phash'`. */
  phash: string;
}

/** Which copies of each work are hashed beside it. */
export interface ReferenceVariantOptions {
  /** Rotations in degrees (onto a canvas holding the whole picture, corners filled with the border's mean). Default ±3°, ±6°, ±9°. */
  rotations?: readonly number[];
  /** Crops kept, as a fraction of each side. Default [0.9]; [] for none. */
  crops?: readonly number[];
  /**
   * Places of each crop per axis, evenly from one edge to the other (7: a 7×7 grid, 49 crops). PDQ
   * moves by about 30 of 256 bits when a picture shifts by 1 % of its side, so the grid is dense.
   * Default 7.
   */
  cropPositions?: number;
}

/** Default variants: with them PDQ matches copies rotated by up to ±10° and cut to 90 % (docs: evaluation). */
export const DEFAULT_VARIANTS: Required<ReferenceVariantOptions> = {
  rotations: [-9, -6, -3, 3, 6, 9],
  crops: [0.9],
  cropPositions: 7,
};

/** Variants are hashed from the work shrunk to this side at most (PDQ reads a 64×64 grid). */
const VARIANT_SIDE = 192;

/** A place where protected works are kept: add, list, remove. */
export interface ReferenceStore {
  /** `memory`, or the folder or index file it reads and writes (as given). */
  readonly location: string;
  /** Hashes the work (PNG, JPEG or WebP bytes) with its variants and keeps it; an existing `id` is replaced. */
  add(id: string, bytes: Uint8Array): Promise<ReferenceEntry>;
  /** Every work kept. */
  list(): Promise<readonly ReferenceEntry[]>;
  /** Forgets a work; false when there was none by that id. */
  remove(id: string): Promise<boolean>;
}

/** Options shared by the stores. */
export interface ReferenceStoreOptions {
  variants?: ReferenceVariantOptions;
}

// Node's file system is loaded only by the folder and index stores, so the package's entry point
// imports nothing from `node:` (the in-memory store works in any runtime).
const nodeFs = () => import('node:fs/promises');
const nodePath = () => import('node:path');
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const extensionOf = (name: string) => /\.[^./\\]*$/.exec(name)?.[0]?.toLowerCase() ?? '';

/** Checks variant options (field names relative to the options). */
export function checkVariants(
  options: ReferenceVariantOptions | undefined,
): Required<ReferenceVariantOptions> {
  const rotations = options?.rotations ?? DEFAULT_VARIANTS.rotations;
  const crops = options?.crops ?? DEFAULT_VARIANTS.crops;
  const cropPositions = options?.cropPositions ?? DEFAULT_VARIANTS.cropPositions;
  if (!Number.isInteger(cropPositions) || cropPositions < 1 || cropPositions > 15)
    throw new InvalidRequestError('variants.cropPositions', 'expected a whole number from 1 to 15');
  rotations.forEach((r, i) => {
    if (!Number.isFinite(r) || Math.abs(r) > 45)
      throw new InvalidRequestError(`variants.rotations[${i}]`, 'expected degrees between −45 and 45');
  });
  crops.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0.5 || c >= 1)
      throw new InvalidRequestError(
        `variants.crops[${i}]`,
        'expected a fraction of each side, 0.5 to under 1',
      );
  });
  return { rotations, crops, cropPositions };
}

function variantPlanes(plane: LumaPlane, variants: Required<ReferenceVariantOptions>): LumaPlane[] {
  const small = shrinkLuma(plane, VARIANT_SIDE);
  const fill = borderMean(small);
  const planes = variants.rotations.map((degrees) => rotateLuma(small, degrees, fill));
  const steps = variants.cropPositions;
  for (const keep of variants.crops) {
    const rest = 1 - keep;
    for (let row = 0; row < steps; row++)
      for (let column = 0; column < steps; column++) {
        const at = (k: number) => (steps === 1 ? rest / 2 : (rest * k) / (steps - 1));
        planes.push(cropLuma(small, at(column), at(row), keep, keep));
      }
  }
  return planes;
}

/**
 * Hashes one work: PDQ and quality of the picture itself, PDQ of each variant, pHash.
 * Bytes that do not decode are an `InvalidRequestError` on `field`.
 */
export async function hashReference(
  id: string,
  bytes: Uint8Array,
  options: ReferenceStoreOptions = {},
  field = 'references',
): Promise<ReferenceEntry> {
  const variants = checkVariants(options.variants);
  checkId(id, field);
  const decoded = await decodeImage(bytes);
  if (!decoded.image) throw new InvalidRequestError(field, `${id}: ${decoded.error}`);
  const plane = pdqLuma(decoded.image);
  const own = pdqOfLuma(plane);
  return {
    id,
    pdq: own.hash,
    quality: own.quality,
    variants: variantPlanes(plane, variants).map((p) => pdqOfLuma(p).hash),
    phash: pHash(decoded.image),
  };
}

function checkId(id: string, field: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200)
    throw new InvalidRequestError(`${field}.id`, 'expected a name of 1 to 200 characters');
}

/** Works kept in memory (optionally seeded with `works`). */
export function memoryReferences(
  works: readonly { id: string; bytes: Uint8Array }[] = [],
  options: ReferenceStoreOptions = {},
): ReferenceStore {
  checkVariants(options.variants);
  const entries = new Map<string, ReferenceEntry>();
  // The seed works are hashed on first use (a failure then surfaces in that call, not as a stray rejection).
  let seeded: Promise<void> | undefined;
  const ready = () => {
    seeded ??= Promise.all(
      works.map((w, i) => hashReference(w.id, w.bytes, options, `references[${i}]`)),
    ).then((hashed) => {
      for (const entry of hashed) if (!entries.has(entry.id)) entries.set(entry.id, entry);
    });
    return seeded;
  };
  return {
    location: 'memory',
    async add(id, bytes) {
      await ready();
      const entry = await hashReference(id, bytes, options);
      entries.set(id, entry);
      return entry;
    },
    async list() {
      await ready();
      return [...entries.values()];
    },
    async remove(id) {
      await ready();
      return entries.delete(id);
    },
  };
}

const HEX64 = /^[0-9a-f]{64}$/;
const entrySchema = z
  .object({
    id: z.string().min(1).max(200),
    pdq: z.string().regex(HEX64),
    quality: z.number().int().min(0).max(100),
    variants: z.array(z.string().regex(HEX64)),
    phash: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .strict();

async function readIndex(path: string): Promise<ReferenceEntry[]> {
  const { readFile } = await nodeFs();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InvalidRequestError('references', `cannot read ${baseName(path)}: ${(error as Error).message}`);
  }
  const entries: ReferenceEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InvalidRequestError('references', `${baseName(path)} line ${i + 1}: not JSON`);
    }
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success)
      throw new InvalidRequestError(
        'references',
        `${baseName(path)} line ${i + 1}: ${parsed.error.issues[0]?.path.join('.') || 'entry'} ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
      );
    entries.push(parsed.data);
  });
  return entries;
}

async function writeIndex(path: string, entries: readonly ReferenceEntry[]): Promise<void> {
  const { rename, writeFile } = await nodeFs();
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  await rename(temporary, path);
}

/**
 * Works kept as hashes in an index file, one JSON object a line (`{ id, pdq, quality, variants,
 * phash }`); created on the first `add`. The works' pixels are not stored.
 */
export function indexReferences(path: string, options: ReferenceStoreOptions = {}): ReferenceStore {
  checkVariants(options.variants);
  let resolved: Promise<string> | undefined;
  const where = () => {
    resolved ??= nodePath().then(({ resolve }) => resolve(path));
    return resolved;
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    location: path,
    add: (id, bytes) =>
      serial(async () => {
        const file = await where();
        const entry = await hashReference(id, bytes, options);
        const entries = (await readIndex(file)).filter((e) => e.id !== id);
        await writeIndex(file, [...entries, entry]);
        return entry;
      }),
    list: () => serial(async () => readIndex(await where())),
    remove: (id) =>
      serial(async () => {
        const file = await where();
        const entries = await readIndex(file);
        const kept = entries.filter((e) => e.id !== id);
        if (kept.length === entries.length) return false;
        await writeIndex(file, kept);
        return true;
      }),
  };
}

/** Image files a folder store reads. */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);
/** The folder store's cache of hashes, beside the images. */
export const FOLDER_INDEX = '.pictor-references.jsonl';

function checkFileName(id: string): void {
  checkId(id, 'references');
  if (id !== baseName(id) || id.startsWith('.') || /[\\/\0]/.test(id))
    throw new InvalidRequestError('references.id', 'expected a plain file name (no folders, not hidden)');
  if (!IMAGE_EXTENSIONS.has(extensionOf(id)))
    throw new InvalidRequestError(
      'references.id',
      `expected a file name ending in ${[...IMAGE_EXTENSIONS].join(', ')}`,
    );
}

/**
 * Works kept as image files in a folder (PNG, JPEG, WebP; the file name is the id). Hashes are cached
 * in `.pictor-references.jsonl` in the folder and recomputed when a file's size or time changes; files
 * copied in by hand are picked up on the next `list`.
 */
export function folderReferences(path: string, options: ReferenceStoreOptions = {}): ReferenceStore {
  checkVariants(options.variants);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  type Cached = ReferenceEntry & { stamp?: string };
  const places = async () => {
    const { join, resolve } = await nodePath();
    const folder = resolve(path);
    return { folder, cacheFile: join(folder, FOLDER_INDEX), join };
  };
  const scan = async (): Promise<ReferenceEntry[]> => {
    const { readdir, readFile, stat } = await nodeFs();
    const { folder, cacheFile, join } = await places();
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      throw new InvalidRequestError(
        'references',
        `cannot read the folder ${baseName(folder)}: ${(error as Error).message}`,
      );
    }
    const cached = new Map<string, Cached>();
    try {
      for (const line of (await readFile(cacheFile, 'utf8')).split('\n')) {
        if (line.trim() === '') continue;
        const value = JSON.parse(line) as Cached;
        const { stamp, ...entry } = value;
        if (entrySchema.safeParse(entry).success) cached.set(entry.id, value);
      }
    } catch {
      // No cache yet, or a damaged one: hash again.
    }
    const entries: Cached[] = [];
    let changed = false;
    for (const name of names.sort()) {
      if (name.startsWith('.') || !IMAGE_EXTENSIONS.has(extensionOf(name))) continue;
      const info = await stat(join(folder, name));
      if (!info.isFile()) continue;
      const stamp = `${info.size}:${info.mtimeMs}`;
      const hit = cached.get(name);
      if (hit && hit.stamp === stamp) {
        entries.push(hit);
        continue;
      }
      const bytes = new Uint8Array(await readFile(join(folder, name)));
      entries.push({ ...(await hashReference(name, bytes, options)), stamp });
      changed = true;
    }
    if (changed || entries.length !== cached.size) await writeIndex(cacheFile, entries as ReferenceEntry[]);
    return entries.map(({ stamp, ...entry }) => entry);
  };
  return {
    location: path,
    add: (id, bytes) =>
      serial(async () => {
        checkFileName(id);
        const { mkdir, writeFile } = await nodeFs();
        const { folder, join } = await places();
        const entry = await hashReference(id, bytes, options);
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, id), bytes);
        await scan();
        return entry;
      }),
    list: () => serial(scan),
    remove: (id) =>
      serial(async () => {
        checkFileName(id);
        const { rm } = await nodeFs();
        const { folder, join } = await places();
        try {
          await rm(join(folder, id));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw error;
        }
        await scan();
        return true;
      }),
  };
}

/**
 * Opens the store at `path`: an index file when it ends in `.jsonl` (created on the first `add`),
 * otherwise a folder of images (created on the first `add`).
 */
export function openReferences(path: string, options: ReferenceStoreOptions = {}): ReferenceStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new InvalidRequestError('references', 'expected a folder or a .jsonl index file');
  return extensionOf(path) === '.jsonl' ? indexReferences(path, options) : folderReferences(path, options);
}
