// The built `pictor` command with nothing configured: the embedded emoji model (tfjs:emoji).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './built-cli.js';

let dir: string;
beforeAll(ensureBuilt, 600_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-e2e-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('pictor generate with the embedded model', () => {
  it('writes a real PNG with no provider configured, reporting tfjs:emoji', async () => {
    const run = await runCli(['generate', 'a red apple', '-o', 'apple.png', '--seed', '7', '--json'], {
      cwd: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: true, provider: 'tfjs', modelId: 'emoji' });
    expect(json.files).toEqual([
      expect.objectContaining({ path: join(dir, 'apple.png'), mediaType: 'image/png', seed: 7 }),
    ]);
    // A third-party decoder reads it, and it is not a blank image.
    const png = PNG.sync.read(await readFile(join(dir, 'apple.png')));
    expect([png.width, png.height]).toEqual([json.files[0].width, json.files[0].height]);
    const values = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4)
      values.add(png.data[i]! * 65536 + png.data[i + 1]! * 256 + png.data[i + 2]!);
    expect(values.size).toBeGreaterThan(16);
  });

  it('is reproducible: the same seed gives the same bytes; -n 3 gives three numbered, different files', async () => {
    await runCli(['generate', 'a heart', '--seed', '3', '-o', 'a.png', '-q'], { cwd: dir });
    await runCli(['generate', 'a heart', '--seed', '3', '-o', 'b.png', '-q'], { cwd: dir });
    expect(await readFile(join(dir, 'a.png'))).toEqual(await readFile(join(dir, 'b.png')));
    const many = await runCli(['generate', 'a heart', '--seed', '3', '-n', '3', '-o', 'h.png'], { cwd: dir });
    expect(many.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['a.png', 'b.png', 'h-1.png', 'h-2.png', 'h-3.png']);
    // Image i uses seed + i, so h-1 is the seed-3 image again.
    expect(await readFile(join(dir, 'h-1.png'))).toEqual(await readFile(join(dir, 'a.png')));
    expect(await readFile(join(dir, 'h-2.png'))).not.toEqual(await readFile(join(dir, 'h-1.png')));
    expect(many.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('generates larger sizes the model offers (64×64 through its upscaler)', async () => {
    const run = await runCli(['generate', 'a star', '--size', '64x64', '-o', 'star.png'], { cwd: dir });
    expect(run.code).toBe(0);
    const png = PNG.sync.read(await readFile(join(dir, 'star.png')));
    expect([png.width, png.height]).toEqual([64, 64]);
  });

  it('rejects a size the model does not offer, naming the flag, before running the model (exit 2)', async () => {
    const run = await runCli(['generate', 'a star', '--size', '100x100', '-o', 'star.png'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pictor: error: (width|size).*\n/);
    expect(run.stderr).toContain('check --size');
    expect(await readdir(dir)).toEqual([]);
  });

  it('inspect reads back type and size of what generate wrote', async () => {
    await runCli(['generate', 'a star', '-o', 'star.png', '-q'], { cwd: dir });
    const run = await runCli(['inspect', 'star.png', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mediaType: 'image/png', width: 32, height: 32 });
  });

  it('models lists the embedded model with its capabilities', async () => {
    const run = await runCli(['models', 'tfjs'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^tfjs:emoji\n {2}does {6}generate\n/m);
    expect(run.stdout).toContain('32×32');
  });

  it('--tag writes the provenance and licence record into the file; inspect reads it back', async () => {
    const run = await runCli(['generate', 'a red apple', '--tag', '-o', 'tagged.png', '-q'], { cwd: dir });
    expect(run.code).toBe(0);
    const inspect = await runCli(['inspect', 'tagged.png', '--json'], { cwd: dir });
    const report = JSON.parse(inspect.stdout).provenance;
    expect(report.aiGenerated).toBe(true);
    expect(report.fields).toMatchObject({ provider: 'tfjs', model: 'emoji', licence: 'Apache-2.0' });
    expect(report.licence).toMatchObject({ spdx: 'Apache-2.0', commercialUse: 'allowed' });
    const text = await runCli(['inspect', 'tagged.png'], { cwd: dir });
    expect(text.stdout).toMatch(/^provenance\.licence\.spdx +Apache-2\.0$/m);
    // An untagged file says it carries nothing.
    await runCli(['generate', 'a red apple', '-o', 'plain.png', '-q'], { cwd: dir });
    expect(
      JSON.parse((await runCli(['inspect', 'plain.png', '--json'], { cwd: dir })).stdout).provenance
        .aiGenerated,
    ).toBe(false);
  });

  it('--check runs the degenerate and alignment judges; exit 3 exactly when an image failed', async () => {
    const run = await runCli(
      ['generate', 'a red apple', '--check', '--seed', '1', '-o', 'checked.png', '--json'],
      { cwd: dir },
    );
    const json = JSON.parse(run.stdout);
    const annotation = json.files[0].annotations['hallucination-check'];
    expect(annotation.verdicts.map((v: { judge: string }) => v.judge)).toEqual(
      expect.arrayContaining(['degenerate', 'alignment']),
    );
    expect(run.code).toBe(annotation.passed ? 0 : 3);
    expect(json.ok).toBe(annotation.passed);
  });

  it('--check prints each verdict with the judge and its reason', async () => {
    const run = await runCli(['generate', 'a red apple', '--check', '--seed', '1', '-o', 'said.png'], {
      cwd: dir,
    });
    expect(run.stderr).toMatch(
      /^ {2}pass image Is the image a real picture.*\(degenerate\): a real picture$/m,
    );
    expect(run.stderr).toMatch(
      /^ {2}(pass|fail|uncertain) prompt .*\(alignment\): (z -?\d|outside the calibrated domain)/m,
    );
  });
});

describe('Ctrl-C during a long local run', () => {
  it('stops the model, exits 130 and leaves no file, finished or partial', async () => {
    let sent = false;
    const run = await runCli(['generate', 'a red apple', '-n', '64', '--size', '256x256', '-o', 'many.png'], {
      cwd: dir,
      onStderr: (text, child) => {
        if (!sent && text.includes('queued on tfjs:emoji')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      'pictor: error: interrupted; no file was written and no partial file was left',
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('pictor edit --mode upscale with nothing configured', () => {
  it('uses the local ESRGAN model: 32×32 in, 64×64 out', async () => {
    await runCli(['generate', 'a star', '--seed', '2', '-o', 'star.png', '-q'], { cwd: dir });
    const run = await runCli(
      ['edit', '--mode', 'upscale', '--image', 'star.png', '-o', 'big.png', '--json'],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ provider: 'tfjs', modelId: 'esrgan-slim' });
    const png = PNG.sync.read(await readFile(join(dir, 'big.png')));
    expect([png.width, png.height]).toEqual([64, 64]);
    const four = await runCli(
      ['edit', '--mode', 'upscale', '--image', 'star.png', '-O', 'scale=4', '-o', 'big4.png', '-q'],
      { cwd: dir },
    );
    expect(four.code).toBe(0);
    expect(PNG.sync.read(await readFile(join(dir, 'big4.png'))).width).toBe(128);
    const five = await runCli(
      ['edit', '--mode', 'upscale', '--image', 'star.png', '-O', 'scale=5', '-o', 'big5.png'],
      { cwd: dir },
    );
    expect(five.code).toBe(2);
    expect(five.stderr).toMatch(/pictor: error: providerOptions\.tfjs\.scale: .*not 5 \[invalid_request\]/);
  });

  it('other edit modes on the embedded model: exit 2, pointing at pictor models', async () => {
    await runCli(['generate', 'a star', '-o', 'star.png', '-q'], { cwd: dir });
    const run = await runCli(
      ['edit', '--mode', 'img2img', '--image', 'star.png', 'a moon', '-o', 'moon.png'],
      { cwd: dir },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pictor: error: mode: tfjs:emoji cannot edit images [unsupported_feature]');
    expect(run.stderr).toContain('pictor: pictor models lists what each model can do');
  });
});

/** `text` as a literal inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('on a real terminal (a pty made by util-linux script)', () => {
  it('draws a spinner line redrawn in place, cleared before the result', async () => {
    const { execFileSync } = await import('node:child_process');
    const { CLI } = await import('./built-cli.js');
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} generate 'a red apple' -o tty.png`;
    const output = execFileSync('script', ['-qfec', command, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', PICTOR_PROVIDER: '', PICTOR_CONFIG: '' },
      encoding: 'utf8',
    });
    const clear = '\r\u001b[2K';
    expect(output).toMatch(new RegExp(`${literal(clear)}[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] queued on tfjs:emoji {2}\\d+\\.\\ds`));
    expect(output).not.toContain('pictor: queued'); // no plain lines on a terminal
    // The line is cleared, then the result is printed on its own line.
    expect(output).toMatch(
      new RegExp(`${literal(clear)}[^\\r\\n]*tty\\.png {2}32×32 image/png, seed \\d+\\r?\\n`),
    );
    expect(await readdir(dir)).toEqual(['tty.png']);
  });
});
