import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidRequestError } from '@pictor/core';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FOLDER_INDEX,
  folderReferences,
  hashReference,
  indexReferences,
  memoryReferences,
  openReferences,
} from '../src/index.js';
import { emojiPng } from './scenes.js';

// Few variants keep the tests fast: one rotation and a 2×2 grid of 90 % crops.
const variants = { rotations: [6], crops: [0.9], cropPositions: 2 };
const opaque = (name: string) => sharp(emojiPng(name)).flatten({ background: '#eeeeee' }).png().toBuffer();
const dirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pictor-refs-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('reference store', () => {
  it('hashes a work with PDQ, its quality, one hash per variant and a pHash', async () => {
    const entry = await hashReference('cat.png', new Uint8Array(await opaque('CAT FACE')), { variants });
    expect(entry.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(entry.quality).toBeGreaterThan(0);
    expect(entry.variants).toHaveLength(1 + 4);
    expect(new Set(entry.variants).size).toBe(5);
    expect(entry.variants).not.toContain(entry.pdq);
    await expect(hashReference('x', Uint8Array.of(1, 2, 3))).rejects.toThrow(InvalidRequestError);
    expect(() => memoryReferences([], { variants: { crops: [1.2] } })).toThrow(/variants\.crops\[0\]/);
    expect(() => memoryReferences([], { variants: { rotations: [90] } })).toThrow(/variants\.rotations\[0\]/);
  });

  it('in memory: add, list, replace, remove', async () => {
    const store = memoryReferences([{ id: 'cat', bytes: new Uint8Array(await opaque('CAT FACE')) }], {
      variants,
    });
    expect((await store.list()).map((e) => e.id)).toEqual(['cat']);
    const car = await store.add('car', new Uint8Array(await opaque('AUTOMOBILE')));
    expect((await store.list()).map((e) => e.id)).toEqual(['cat', 'car']);
    const replaced = await store.add('car', new Uint8Array(await opaque('BICYCLE')));
    expect(replaced.pdq).not.toBe(car.pdq);
    expect(await store.list()).toHaveLength(2);
    expect(await store.remove('cat')).toBe(true);
    expect(await store.remove('cat')).toBe(false);
    expect((await store.list()).map((e) => e.id)).toEqual(['car']);
  });

  it('an index file (.jsonl): one line per work, hashes only, kept across openings', async () => {
    const file = join(await temporaryDir(), 'works.jsonl');
    const store = openReferences(file, { variants });
    expect(store.location).toBe(file);
    expect(await store.list()).toEqual([]);
    const cat = await store.add('cat', new Uint8Array(await opaque('CAT FACE')));
    await store.add('car', new Uint8Array(await opaque('AUTOMOBILE')));
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(cat);
    const again = indexReferences(file);
    expect((await again.list()).map((e) => e.id)).toEqual(['cat', 'car']);
    expect(await again.remove('cat')).toBe(true);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
    await writeFile(file, `${lines[1]}\n{"id":"bad","pdq":"zz"}\n`);
    await expect(again.list()).rejects.toThrow(/works\.jsonl line 2/);
  });

  it('a folder of images: files added by hand are hashed once and cached; bad names refused', async () => {
    const dir = await temporaryDir();
    const store = folderReferences(dir, { variants });
    await store.add('cat.png', new Uint8Array(await opaque('CAT FACE')));
    expect((await readdir(dir)).sort()).toEqual([FOLDER_INDEX, 'cat.png']);
    // A work copied in by hand is picked up on the next list.
    await writeFile(join(dir, 'car.png'), await opaque('AUTOMOBILE'));
    const listed = await store.list();
    expect(listed.map((e) => e.id)).toEqual(['car.png', 'cat.png']);
    expect((await readFile(join(dir, FOLDER_INDEX), 'utf8')).trim().split('\n')).toHaveLength(2);
    // A changed file is hashed again.
    await copyFile(join(dir, 'car.png'), join(dir, 'cat.png'));
    const after = await store.list();
    expect(after.find((e) => e.id === 'cat.png')!.pdq).toBe(after.find((e) => e.id === 'car.png')!.pdq);
    expect(await store.remove('car.png')).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([FOLDER_INDEX, 'cat.png']);
    for (const bad of ['../escape.png', 'sub/x.png', '.hidden.png', 'notes.txt'])
      await expect(store.add(bad, new Uint8Array(await opaque('CAT FACE')))).rejects.toThrow(
        InvalidRequestError,
      );
    await expect(folderReferences(join(dir, 'missing')).list()).rejects.toThrow(/cannot read the folder/);
  });
});
