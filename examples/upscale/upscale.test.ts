import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@pictor/image';
import { expect, it } from 'vitest';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

it('upscales the embedded model’s 32×32 star to 128×128, different from repeated pixels', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
  try {
    const run = await runExample([dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/after\.png {2}128×128 \(tfjs:esrgan-slim, \d+ ms\)/);
    const before = await decodeImage(new Uint8Array(await readFile(join(dir, 'before.png'))));
    const after = await decodeImage(new Uint8Array(await readFile(join(dir, 'after.png'))));
    const comparison = await decodeImage(new Uint8Array(await readFile(join(dir, 'comparison.png'))));
    expect([before.width, after.width, after.height, comparison.width, comparison.height]).toEqual([
      32, 128, 128, 256, 128,
    ]);
    // ESRGAN is not pixel repetition: the halves of the comparison differ.
    let differing = 0;
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        const left = (y * 256 + x) * 4;
        const right = (y * 256 + x + 128) * 4;
        if (Math.abs(comparison.data[left]! - comparison.data[right]!) > 8) differing++;
      }
    }
    expect(differing).toBeGreaterThan(128 * 128 * 0.05);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
