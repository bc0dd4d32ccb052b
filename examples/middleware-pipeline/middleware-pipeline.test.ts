import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProvenance } from '@pictor/licence-tagging';
import { expect, it } from 'vitest';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

it('checks and tags on the first run; the second run is a cache hit with no model call and the same file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
  try {
    const first = await runExample([dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('cache     miss');
    const modelCalls = first.stdout.match(/^model call: \d+ ms$/gm) ?? [];
    expect(modelCalls.length).toBeGreaterThanOrEqual(1);
    const attempts = Number(/check {5}(passed|failed) \(score [\d.]+, (\d+) attempt/.exec(first.stdout)?.[2]);
    // Each attempt is one model call below the check (re-rolls included).
    expect(modelCalls).toHaveLength(attempts);
    expect(first.stdout).toContain('licence   Apache-2.0; AI-generated: true');
    const bytes = await readFile(join(dir, 'apple.png'));
    expect(readProvenance(new Uint8Array(bytes)).fields).toMatchObject({ provider: 'tfjs', model: 'emoji' });

    const second = await runExample([dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('cache     hit');
    expect(second.stdout).not.toMatch(/^model call/m);
    expect((await readFile(join(dir, 'apple.png'))).equals(bytes)).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
