import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrng, encodePng } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

/** A 96×96 picture of random discs (plenty of detail for PDQ). */
async function picture(seed: number): Promise<Uint8Array> {
  const next = createPrng(seed);
  const random = () => next() / 2 ** 32;
  const size = 96;
  const data = new Uint8Array(size * size * 4).fill(255);
  for (let k = 0; k < 12; k++) {
    const [cx, cy, r] = [random() * size, random() * size, 6 + random() * 20];
    const colour = [random() * 255, random() * 255, random() * 255];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 < r * r)
          for (let c = 0; c < 3; c++) data[(y * size + x) * 4 + c] = colour[c]!;
  }
  return encodePng({ width: size, height: size, data });
}

describe('pictor refs', () => {
  it('adds, lists and removes works in a .jsonl index and in a folder', async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, 'a.png'), await picture(1));
      await writeFile(join(dir, 'b.png'), await picture(2));
      const added = await run(['refs', 'add', 'works.jsonl', 'a.png', 'b.png'], { cwd: dir });
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/added a\.png \(PDQ quality \d+, 55 variants\)/);
      expect((await readFile(join(dir, 'works.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
      const listed = await run(['refs', 'list', 'works.jsonl', '--json'], { cwd: dir });
      const works = (JSON.parse(listed.stdout) as { works: { id: string; pdq: string; variants: number }[] })
        .works;
      expect(works.map((w) => w.id)).toEqual(['a.png', 'b.png']);
      expect(works[0]!.pdq).toMatch(/^[0-9a-f]{64}$/);
      expect(works[0]!.pdq).not.toBe(works[1]!.pdq);
      expect((await run(['refs', 'remove', 'works.jsonl', 'a.png'], { cwd: dir })).code).toBe(0);
      const gone = await run(['refs', 'remove', 'works.jsonl', 'a.png'], { cwd: dir });
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('a.png: not in works.jsonl');

      const folder = await run(['refs', 'add', 'protected', 'b.png', '--id', 'logo.png'], { cwd: dir });
      expect(folder.code).toBe(0);
      expect((await readdir(join(dir, 'protected'))).sort()).toEqual([
        '.pictor-references.jsonl',
        'logo.png',
      ]);
      const plain = await run(['refs', 'list', 'protected'], { cwd: dir });
      expect(plain.stdout).toMatch(/^logo\.png {2}quality \d+ {2}pdq [0-9a-f]{64}\n$/);
      expect(plain.stderr).toContain('1 work in protected');
    } finally {
      await remove();
    }
  });

  it('refuses bad arguments with a usage error', async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, 'a.png'), await picture(3));
      expect((await run(['refs', 'copy', 'x'], { cwd: dir })).code).toBe(2);
      expect((await run(['refs', 'add'], { cwd: dir })).code).toBe(2);
      expect((await run(['refs', 'add', 'works.jsonl'], { cwd: dir })).code).toBe(2);
      const outside = await run(['refs', 'add', 'protected', 'a.png', '--id', '../a.png'], { cwd: dir });
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain('plain file name');
      await writeFile(join(dir, 'junk.txt'), 'not an image');
      const junk = await run(['refs', 'add', 'works.jsonl', 'junk.txt'], { cwd: dir });
      expect(junk.code).toBe(2);
    } finally {
      await remove();
    }
  });
});
