// The built `pictor` command: help, bad arguments, unwritable paths, config check.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './built-cli.js';

let dir: string;
beforeAll(ensureBuilt, 600_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-e2e-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the command line', () => {
  it('prints help (exit 0), and help plus exit 2 with no command', async () => {
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pictor generate "PROMPT"');
    expect((await runCli(['generate', '--help'], { cwd: dir })).stdout).toContain('--negative TEXT');
    const bare = await runCli([], { cwd: dir });
    expect(bare.code).toBe(2);
    expect((await runCli(['--version'], { cwd: dir })).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  const bad: [string[], RegExp][] = [
    [['generate'], /missing PROMPT/],
    [['generate', 'x', '--steps'], /--steps/],
    [['generate', 'x', '--wat'], /Unknown option '--wat'/],
    [['generate', 'x', '-n', 'many'], /-n: expected an integer/],
    [['edit', 'x', '--image', 'in.png'], /missing --mode/],
    [
      ['edit', 'x', '--image', 'in.png', '--mode', 'paint'],
      /--mode: "paint" is not one of img2img, inpaint, reference, upscale/,
    ],
    [
      ['edit', 'x', '--image', 'missing.png', '--mode', 'img2img'],
      /--image: cannot read missing\.png \(ENOENT\)/,
    ],
    [['inspect'], /missing FILE/],
    [['models', 'nosuch'], /unknown provider "nosuch"/],
    [['config', 'validate'], /unknown config command "validate"/],
    [['generate', 'x', '-p', 'nosuch:model'], /provider: unknown provider "nosuch"/],
  ];
  for (const [args, message] of bad) {
    it(`exit 2 with one error line: pictor ${args.join(' ')}`, async () => {
      const run = await runCli(args, { cwd: dir });
      expect(run.code).toBe(2);
      const errors = run.stderr.split('\n').filter((line) => line.startsWith('pictor: error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await readdir(dir)).toEqual([]);
    });
  }

  it('an unwritable output path fails with exit 1 and one line, leaving nothing behind', async () => {
    for (const output of ['/proc/pictor-apple.png', join(dir, 'no/such/dir/apple.png')]) {
      const run = await runCli(['generate', 'a red apple', '-o', output], { cwd: dir });
      expect(run.code).toBe(1);
      const errors = run.stderr.split('\n').filter((line) => line.startsWith('pictor: error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('cannot write');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not overwrite without --force (exit 1), and does with it', async () => {
    await writeFile(join(dir, 'a.png'), 'precious');
    const refused = await runCli(['generate', 'a red apple', '-o', 'a.png'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists (use --force to overwrite)');
    const forced = await runCli(['generate', 'a red apple', '-o', 'a.png', '--force', '-q'], { cwd: dir });
    expect(forced.code).toBe(0);
  });
});

describe('pictor config check', () => {
  it('says ok for a good config (exit 0)', async () => {
    await writeFile(
      join(dir, 'pictor.config.json'),
      JSON.stringify({ provider: 'tfjs:emoji', middleware: [{ use: 'retry', maxRetries: 2 }] }),
    );
    const run = await runCli(['config', 'check'], { cwd: dir });
    expect(run.stdout).toBe('pictor.config.json: ok\n');
    expect(run.code).toBe(0);
  });

  it('lists every problem with line:column and path (exit 3), never echoing a secret', async () => {
    const text = `{
  "provider": "workers-ai:@cf/black-forest-labs/flux-1-schnell",
  "middleware": [
    { "use": "retry", "maxRetries": "three" },
    { "use": "retyr" },
    { "use": "timeout", "ms": 1000, "extra": true }
  ],
  "providerSettings": { "apiToken": "cf-secret-abcdefghijklmnop" }
}
`;
    await writeFile(join(dir, 'bad.json'), text);
    const run = await runCli(['config', 'check', 'bad.json'], { cwd: dir });
    expect(run.code).toBe(3);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain(
      'bad.json:4:23  error  middleware[0].maxRetries: Invalid input: expected number, received string',
    );
    expect(
      lines.some((l) => l.startsWith('bad.json:5:7  error  middleware[1].use: unknown middleware "retyr"')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('bad.json:6:37  error  middleware[2].extra:'))).toBe(true);
    expect(
      lines.some((l) => l.startsWith('bad.json:8:3  error  providerSettings: Unrecognized key')) &&
        lines.some(
          (l) =>
            l ===
            'bad.json:8:25  error  providerSettings: apiToken holds a literal secret; write { "env": "NAME" } and set NAME in the environment',
        ),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/^bad\.json: \d+ errors$/);
    expect(run.stdout).not.toContain('cf-secret-abcdefghijklmnop');
  });

  it('points at a JSON syntax error by line and column', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "provider": "tfjs:emoji",\n}\n');
    const run = await runCli(['config', 'check', 'broken.json'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^broken\.json:3:1 {2}error {2}not valid JSON/);
  });
});
