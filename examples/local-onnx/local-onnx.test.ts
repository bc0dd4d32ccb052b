import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImageInfo } from '@pictor/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runExample as runIn } from '../../test/support/run-example.js';

const runExample = (args: string[], env?: Record<string, string>) => runIn(import.meta.dirname, args, env);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-ex-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('runs the embedded emoji model on ONNX Runtime and names the execution provider that ran', async () => {
  const run = await runExample(['emoji', dir]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/onnx\.png {2}32×32 from onnx:emoji on (cpu|cuda|tensorrt|dml|coreml)\n/);
  expect(readImageInfo(new Uint8Array(await readFile(join(dir, 'onnx.png'))))).toMatchObject({
    mediaType: 'image/png',
  });
});

it('runs a Stable-Diffusion folder step by step', async () => {
  const folder = fileURLToPath(new URL('../../packages/onnx/test/fixtures/tiny-sd', import.meta.url));
  const run = await runExample([folder, dir]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/step 1\/(\d+)\n[\s\S]*step \1\/\1\n/);
  expect(run.stdout).toMatch(/onnx\.png {2}\d+×\d+ from onnx:.*tiny-sd on cpu/);
});
