import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { expect, it } from 'vitest';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

it('writes four 64×64 PNGs, the same bytes on every run', async () => {
  const dirs = [await mkdtemp(join(tmpdir(), 'pictor-ex-')), await mkdtemp(join(tmpdir(), 'pictor-ex-'))];
  try {
    for (const dir of dirs) {
      const run = await runExample([dir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('queued on tfjs:emoji');
      expect(run.stdout).toMatch(/apple-4\.png {2}64×64 image\/png, seed 10\n/);
    }
    expect((await readdir(dirs[0]!)).sort()).toEqual([
      'apple-1.png',
      'apple-2.png',
      'apple-3.png',
      'apple-4.png',
    ]);
    const first = await Promise.all([1, 2, 3, 4].map((i) => readFile(join(dirs[0]!, `apple-${i}.png`))));
    const second = await Promise.all([1, 2, 3, 4].map((i) => readFile(join(dirs[1]!, `apple-${i}.png`))));
    for (const [i, bytes] of first.entries()) {
      expect(readImageInfo(new Uint8Array(bytes))).toEqual({ mediaType: 'image/png', width: 64, height: 64 });
      expect(bytes.equals(second[i]!)).toBe(true);
    }
    expect(new Set(first.map((b) => b.toString('base64'))).size).toBe(4);
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
});
