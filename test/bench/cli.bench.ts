// The `pictor` command's own cost: the built CLI generating one image with the embedded model, vs a
// plain Node script making the same call through the library (both fresh processes, run
// alternately); and the command's start-up (`pictor --version`) vs `node -e 0`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, ensureBuilt } from '../cli/built-cli.js';
import { type BenchFigure, sideBySide } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));

export default async function (): Promise<BenchFigure[]> {
  ensureBuilt();
  const out = mkdtempSync(join(tmpdir(), 'pictor-bench-'));
  // The baseline lives beside this file so that it resolves @pictor/* from the test package (built dist).
  const script = join(here, '.cli-baseline.tmp.mjs');
  writeFileSync(
    script,
    `import { writeFileSync } from 'node:fs';
import { createImageClient } from '@pictor/core';
import { tfjs } from '@pictor/tfjs';
const client = createImageClient({ provider: tfjs('emoji') });
const { images } = await client.generate({ prompt: 'a red apple', seed: 1 });
writeFileSync(process.argv[2], images[0].bytes);
await client.dispose();
`,
  );
  const env = { ...process.env, NODE_OPTIONS: '' };
  const run = (args: string[]) => execFileSync(process.execPath, args, { env, stdio: 'ignore' });
  try {
    const rounds = 5;
    const generate = await sideBySide(
      () => run([CLI, 'generate', 'a red apple', '--seed', '1', '-o', join(out, 'cli.png'), '-f', '-q']),
      () => run([script, join(out, 'lib.png')]),
      rounds,
      1,
    );
    const startRounds = 10;
    const start = await sideBySide(
      () => run([CLI, '--version']),
      () => run(['-e', '0']),
      startRounds,
      1,
    );
    const cliMs = generate.aMs / rounds;
    const libMs = generate.bMs / rounds;
    const versionMs = start.aMs / startRounds;
    const nodeMs = start.bMs / startRounds;
    return [
      {
        name: 'pictor generate (embedded model, 32×32, new process), per image',
        value: cliMs,
        unit: 'ms',
        baseline: {
          name: 'node script calling createImageClient + tfjs("emoji") (new process)',
          value: libMs,
          unit: 'ms',
        },
        ratio: cliMs / libMs,
        note: `${rounds} alternating rounds; includes Node start-up and model load; tfjs wasm backend`,
      },
      {
        name: 'pictor --version start-up',
        value: versionMs,
        unit: 'ms',
        baseline: { name: 'node -e 0', value: nodeMs, unit: 'ms' },
        ratio: versionMs / nodeMs,
        note: `${startRounds} alternating rounds`,
      },
    ];
  } finally {
    rmSync(script, { force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
