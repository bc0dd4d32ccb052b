import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedis } from '../../queue/test/support/redis-server.js';
import { created, registerTestProviders, run, tempDir } from './helpers.js';

let dir: string;
let remove: () => Promise<void>;
beforeAll(registerTestProviders);
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  delete created.mock;
});
afterEach(() => remove());

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ prompt: `thing ${i}`, seed: i, width: 16, height: 16 }),
  ).join('\n');

/** The mock the last run created (read through a function: `delete` above would narrow the property). */
const lastMock = () => created.mock;

async function manifest(): Promise<
  { key: string; status: string; line: number; files?: { path: string }[] }[]
> {
  const text = await readFile(join(dir, 'out', 'manifest.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('pictor batch', () => {
  it('runs every line, writes each image and a manifest line, and names bad lines', async () => {
    await writeFile(
      join(dir, 'prompts.jsonl'),
      `${lines(3)}\n\n# a comment\n{"prompt": ""}\nnot json\n{"id":"named","prompt":"a named one","n":2,"seed":4,"width":16,"height":16}\n`,
    );
    const result = await run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m'], { cwd: dir });
    expect(result.code).toBe(1); // two bad lines
    expect(result.stderr).toMatch(/\nline 6\.prompt: expected a non-empty string \[invalid_request\]/);
    expect(result.stderr).toMatch(/\nline 7: not valid JSON/);
    expect(result.stderr).toMatch(/done: 4 ok, 2 failed, 0 skipped of 6; 5 files written/);
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toEqual([
      '0001-thing-0.png',
      '0002-thing-1.png',
      '0003-thing-2.png',
      'manifest.jsonl',
      'named-1.png',
      'named-2.png',
    ]);
    const info = readImageInfo(new Uint8Array(await readFile(join(dir, 'out', 'named-2.png'))));
    expect([info.width, info.height]).toEqual([16, 16]);
    const entries = await manifest();
    expect(entries.filter((e) => e.status === 'ok')).toHaveLength(4);
    expect(entries.find((e) => e.key === 'named')?.files).toHaveLength(2);
  });

  it('a rerun after success calls nothing; after new lines only those run', async () => {
    await writeFile(join(dir, 'prompts.jsonl'), lines(4));
    expect((await run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m'], { cwd: dir })).code).toBe(
      0,
    );
    expect(created.mock?.calls).toHaveLength(4);
    delete created.mock;
    const again = await run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(created.mock).toBeUndefined(); // nothing to do: the provider is not even opened
    expect(again.stderr).toMatch(/resuming: 4 of 4 already done/);
    await writeFile(join(dir, 'prompts.jsonl'), lines(6));
    await run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m'], { cwd: dir });
    expect(lastMock()?.calls.map((c) => c.request.prompt)).toEqual(['thing 4', 'thing 5']);
  });

  it('interrupted (Ctrl-C) then rerun: finishes the rest, every image exactly once', async () => {
    await writeFile(join(dir, 'prompts.jsonl'), lines(12));
    const controller = new AbortController();
    const first = run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m?latencyMs=60', '-j', '2'], {
      cwd: dir,
      signal: controller.signal,
    });
    // Ctrl-C once a few requests have reached the provider (whatever the machine's speed).
    for (let i = 0; i < 500 && (created.mock?.calls.length ?? 0) < 4; i++)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const interrupted = await first;
    expect(interrupted.code).toBe(130);
    const firstCalls = created.mock!.calls.length;
    const written = (await manifest()).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(12);
    expect(interrupted.stderr).toMatch(
      new RegExp(
        `interrupted: this run wrote ${written} images? for ${written} requests?.*${12 - written} left`,
      ),
    );

    delete created.mock;
    const second = await run(['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:m'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(created.mock!.calls).toHaveLength(12 - written);
    const entries = await manifest();
    expect(entries).toHaveLength(12);
    expect(new Set(entries.map((e) => e.key)).size).toBe(12);
    expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.png'))).toHaveLength(12);
    expect(firstCalls).toBeGreaterThanOrEqual(written); // in-flight calls were aborted, not recorded
  });

  it('--queue: the requests run on a `pictor worker`', async () => {
    const redis = await startRedis();
    const stop = new AbortController();
    try {
      const worker = run(['worker', '--queue', redis.url, '-p', 'test-mock:worker-model'], {
        cwd: dir,
        signal: stop.signal,
      });
      for (let i = 0; i < 200 && !created.mock; i++) await new Promise((r) => setTimeout(r, 20));
      const workerMock = created.mock!;
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(join(dir, 'prompts.jsonl'), lines(5));
      const result = await run(
        ['batch', 'prompts.jsonl', '-o', 'out', '-p', 'test-mock:worker-model', '--queue', redis.url],
        { cwd: dir },
      );
      expect(result.code).toBe(0);
      expect(workerMock.calls).toHaveLength(5);
      expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.png'))).toHaveLength(5);
      stop.abort();
      const ended = await worker;
      expect(ended.code).toBe(0);
      expect(ended.stderr).toMatch(/stopped after 5 jobs \(0 failed\)/);
    } finally {
      stop.abort();
      await redis.dispose();
    }
  });
});
