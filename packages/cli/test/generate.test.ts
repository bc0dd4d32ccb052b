import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { created, registerTestProviders, run, SECRET, tempDir } from './helpers.js';

let dir: string;
let remove: () => Promise<void>;
beforeAll(registerTestProviders);
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  delete created.mock;
});
afterEach(() => remove());

describe('pictor generate', () => {
  it('writes a decodable PNG of the requested size and prints its path', async () => {
    const result = await run(
      ['generate', 'a red apple', '-p', 'test-mock:m', '-o', 'apple.png', '--size', '32x24', '--seed', '5'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const bytes = new Uint8Array(await readFile(join(dir, 'apple.png')));
    const image = await decodeImage(bytes);
    expect([image.width, image.height]).toEqual([32, 24]);
    expect(result.stdout).toContain(`${join(dir, 'apple.png')}  32×24 image/png, seed 5`);
    expect(created.mock?.calls[0]?.request).toMatchObject({
      prompt: 'a red apple',
      width: 32,
      height: 24,
      seed: 5,
    });
  });

  it('names the file after the prompt when -o is absent', async () => {
    const result = await run(['generate', 'A Red Apple!', '-p', 'test-mock:m'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'a-red-apple.png'))).toBe(true);
  });

  it('-o DIR/ writes the default name inside the directory', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'out'));
    for (const output of ['out', 'out/']) {
      const result = await run(['generate', 'a pear', '-p', 'test-mock:m', '-o', output, '-f'], { cwd: dir });
      expect(result.code).toBe(0);
    }
    expect(await readdir(join(dir, 'out'))).toEqual(['a-pear.png']);
  });

  it('numbers the files for -n > 1, each a different image with seed + i', async () => {
    const result = await run(
      ['generate', 'a cat', '-p', 'test-mock:m', '-n', '3', '--seed', '10', '-o', 'cat.png', '--json'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(
      ['cat-1.png', 'cat-2.png', 'cat-3.png'].map((f) => join(dir, f)),
    );
    expect(json.files.map((f: { seed: number }) => f.seed)).toEqual([10, 11, 12]);
    const contents = await Promise.all(json.files.map((f: { path: string }) => readFile(f.path, 'base64')));
    expect(new Set(contents).size).toBe(3);
  });

  it('refuses to overwrite without --force, before calling the provider; --force replaces', async () => {
    await writeFile(join(dir, 'apple.png'), 'keep me');
    const refused = await run(['generate', 'a red apple', '-p', 'test-mock:m', '-o', 'apple.png'], {
      cwd: dir,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/apple\.png already exists \(use --force to overwrite\)/);
    expect(created.mock).toBeUndefined();
    expect(await readFile(join(dir, 'apple.png'), 'utf8')).toBe('keep me');
    const forced = await run(['generate', 'a red apple', '-p', 'test-mock:m', '-o', 'apple.png', '--force'], {
      cwd: dir,
    });
    expect(forced.code).toBe(0);
    expect(readImageInfo(new Uint8Array(await readFile(join(dir, 'apple.png')))).mediaType).toBe('image/png');
  });

  it('fails before any model call when the output directory does not exist or is not a directory', async () => {
    await writeFile(join(dir, 'plain-file'), 'x');
    for (const output of ['missing/apple.png', 'plain-file/apple.png']) {
      const result = await run(['generate', 'a red apple', '-p', 'test-mock:m', '-o', output], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^pictor: error: cannot write .*apple\.png: .*(does not exist|is not a directory)/m,
      );
      expect(created.mock).toBeUndefined();
    }
  });

  it('writes the image to stdout with -o -', async () => {
    const result = await run(['generate', 'a red apple', '-p', 'test-mock:m', '-o', '-', '-q'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readImageInfo(result.stdoutBytes[0]!)).toMatchObject({
      mediaType: 'image/png',
      width: 64,
      height: 64,
    });
  });

  it('aborts on the signal (Ctrl-C): exit 130, no file and no temporary file left', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 150);
    const result = await run(
      ['generate', 'a slow apple', '-p', 'test-mock:m?latencyMs=5000', '-o', 'apple.png'],
      {
        cwd: dir,
        signal: controller.signal,
      },
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('interrupted; no partial file was left');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('-O provider options', () => {
  it('go under the id of the provider that runs, numbers and booleans converted', async () => {
    const result = await run(
      [
        'generate',
        'x',
        '-p',
        'test-mock:m',
        '-O',
        'scale=4',
        '-O',
        'fast=true',
        '-O',
        'style=line art',
        '-o',
        'a.png',
      ],
      {
        cwd: dir,
      },
    );
    expect(result.code).toBe(0);
    expect(created.mock?.calls[0]?.request.providerOptions).toEqual({
      'test-mock': { scale: 4, fast: true, style: 'line art' },
    });
  });

  it('a flag without = is a usage error', async () => {
    const result = await run(['generate', 'x', '-p', 'test-mock:m', '-O', 'scale'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-O: expected KEY=VALUE, got "scale"');
  });
});

describe('progress', () => {
  it('prints plain step lines when stderr is not a terminal', async () => {
    const result = await run(
      ['generate', 'a red apple', '-p', 'test-mock:m', '--steps', '8', '-o', 'a.png'],
      { cwd: dir },
    );
    expect(result.stderr).toContain('pictor: loading provider');
    expect(result.stderr).toMatch(/pictor: step 2\/8\n[\s\S]*pictor: step 8\/8\n/);
    expect(result.stderr).not.toContain('\r');
  });

  it('draws a bar per step on a terminal', async () => {
    const result = await run(
      ['generate', 'a red apple', '-p', 'test-mock:m', '--steps', '4', '-o', 'a.png'],
      { cwd: dir, tty: true },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\x1b[2K');
    expect(result.stderr).toMatch(/█{24} 4\/4 steps/);
  });

  it('shows a spinner, not a bar, for a backend without steps', async () => {
    const result = await run(
      ['generate', 'a red apple', '-p', 'test-mock:m?progress=coarse', '-o', 'a.png'],
      { cwd: dir, tty: true },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] requesting/);
    expect(result.stderr).not.toContain('steps');
  });

  it('prints nothing but errors with --quiet', async () => {
    const result = await run(['generate', 'a red apple', '-p', 'test-mock:m', '-o', 'a.png', '-q'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });
});

describe('usage errors (exit 2, one line, nothing generated)', () => {
  const cases: [string[], RegExp][] = [
    [['generate'], /missing PROMPT/],
    [['generate', 'a', 'b'], /expected one PROMPT, got 2/],
    [['generate', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['generate', 'x', '--seed', 'abc'], /--seed: expected an integer, got "abc"/],
    [['generate', 'x', '--seed=-1'], /--seed: must be between 0 and 4294967295/],
    [['generate', 'x', '--size', '10 by 10'], /--size: expected WIDTHxHEIGHT/],
    [['generate', 'x', '-n', '0'], /-n: must be between 1 and 64/],
    [['generate', 'x', '-n', '2', '-o', '-'], /only one image can go to stdout/],
    [['generate', 'x', '-p', 'nope'], /provider: "nope" is not of the form id:model/],
    [['generate', 'x', '-p', 'nosuch:model'], /unknown provider "nosuch"/],
    [['generate', 'x', '-p', 'test-mock:m?maxWidth=64', '--size', '128x64'], /width/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      const result = await run(
        [...argv, ...(argv.includes('-p') || argv[0] !== 'generate' ? [] : ['-p', 'test-mock:m'])],
        { cwd: dir },
      );
      expect(result.code).toBe(2);
      const errors = result.stderr.split('\n').filter((line) => line.startsWith('pictor: error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(await readdir(dir)).toEqual([]);
    });
  }

  it('reports usage errors as JSON with --json', async () => {
    const result = await run(['generate', '--json', '--seed', 'x', 'p'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'usage' } });
  });
});

describe('errors', () => {
  it('prints one redacted line; the cause only with --verbose, also redacted', async () => {
    const plain = await run(['generate', 'x', '-p', 'test-fail:m', '-o', 'a.png'], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^pictor: error: .*upstream said 500.*\[provider_error\]$/m);
    expect(plain.stderr).not.toContain('caused by');
    const verbose = await run(['generate', 'x', '-p', 'test-fail:m', '-o', 'a.png', '--verbose'], {
      cwd: dir,
    });
    expect(verbose.stderr).toMatch(/caused by Error: socket closed/);
    const json = await run(['generate', 'x', '-p', 'test-fail:m', '-o', 'a.png', '--json', '-v'], {
      cwd: dir,
    });
    for (const text of [plain.stderr, verbose.stderr, json.stdout]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain('[REDACTED]');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('provider precedence: -p, then the config file, then PICTOR_PROVIDER', () => {
  it('takes each in turn', async () => {
    const env = { PICTOR_PROVIDER: 'test-mock:from-env' };
    const fromEnv = await run(['generate', 'x', '-o', 'a.png', '--json'], { cwd: dir, env });
    expect(JSON.parse(fromEnv.stdout).modelId).toBe('from-env');
    await writeFile(join(dir, 'pictor.config.json'), JSON.stringify({ provider: 'test-mock:from-file' }));
    const fromFile = await run(['generate', 'x', '-o', 'b.png', '--json'], { cwd: dir, env });
    expect(JSON.parse(fromFile.stdout).modelId).toBe('from-file');
    const fromFlag = await run(['generate', 'x', '-o', 'c.png', '--json', '-p', 'test-mock:from-flag'], {
      cwd: dir,
      env,
    });
    expect(JSON.parse(fromFlag.stdout).modelId).toBe('from-flag');
    const verbose = await run(['generate', 'x', '-o', 'd.png', '-v'], { cwd: dir, env });
    expect(verbose.stderr).toContain(
      `provider test-mock:from-file (from file:${join(dir, 'pictor.config.json')})`,
    );
  });

  it('uses the config file named by -c, with its middleware', async () => {
    await writeFile(
      join(dir, 'other.json'),
      JSON.stringify({
        provider: 'test-mock:c',
        middleware: [{ use: 'retry' }, { use: 'timeout', ms: 60000 }],
      }),
    );
    const result = await run(['generate', 'x', '-c', 'other.json', '-o', 'a.png', '-v'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('middleware: retry → timeout');
  });
});
