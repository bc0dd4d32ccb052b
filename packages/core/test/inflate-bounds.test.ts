// zlibInflate's output bound on both paths — Node's zlib and the DecompressionStream path that Workers
// take — against a real bomb: about 600 KB inflating to 600 MiB. Time and peak memory are measured
// here with generous bounds (10× what a bounded inflate needs), so the test cannot flake but fails if
// the bomb is inflated whole (seconds, and 600 MiB of peak memory).
import { createInflate } from 'node:zlib';
import { zlibInflate } from '@pictor/core';
import { afterEach, describe, expect, it } from 'vitest';
import { deflateBomb } from './deflate-bomb.js';

const MiB = 1 << 20;
const bomb = deflateBomb(600);
const proc = process as { getBuiltinModule?: typeof process.getBuiltinModule | undefined };
const getBuiltinModule = proc.getBuiltinModule;

afterEach(() => {
  proc.getBuiltinModule = getBuiltinModule;
});

/** Runs `inflate`, returning its error, the wall time and the growth of the process's peak RSS. */
async function measure(inflate: () => Promise<unknown>) {
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const error = await inflate().then(
    () => undefined,
    (e: unknown) => e,
  );
  return {
    error,
    ms: performance.now() - start,
    peakGrowth: process.resourceUsage().maxRSS * 1024 - peakBefore,
  };
}

describe('zlibInflate bounds its output', () => {
  for (const path of ['node:zlib', 'DecompressionStream'] as const) {
    it(`${path}: stops at the bound (4 MiB) in bounded time and memory`, async () => {
      if (path === 'DecompressionStream') proc.getBuiltinModule = undefined; // as in a Worker
      const { error, ms, peakGrowth } = await measure(() => zlibInflate(bomb, 4 * MiB));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toContain(`more than ${4 * MiB} bytes`);
      expect(ms).toBeLessThan(1000); // a bounded inflate of 4 MiB takes a few ms; the whole bomb ~1 s or more
      expect(peakGrowth).toBeLessThan(100 * MiB);
    });

    it(`${path}: data within the bound inflates unchanged`, async () => {
      if (path === 'DecompressionStream') proc.getBuiltinModule = undefined;
      const small = deflateBomb(3);
      const out = await zlibInflate(small, 4 * MiB);
      expect(out.length).toBe(3 * MiB);
      expect(out.every((b) => b === 0)).toBe(true);
      await expect(zlibInflate(small, 3 * MiB - 1)).rejects.toBeInstanceOf(RangeError);
    });
  }

  // Last, so that its own work cannot hide the peak-memory growth of the cases above.
  it('the bomb is real: 600 MiB of output from under 1 MiB of input', async () => {
    expect(bomb.length).toBeLessThan(MiB);
    let length = 0;
    const inflate = createInflate({ chunkSize: MiB });
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length;
    });
    await new Promise((resolve, reject) => inflate.on('end', resolve).on('error', reject).end(bomb));
    expect(length).toBe(600 * MiB);
  }, 60_000);
});
