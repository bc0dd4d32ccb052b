// The built `pictor` command with the trained diffusion model: onnx:emoji-sd, generate and edit.
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageDir } from '@pictor/model-emoji-sd';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './built-cli.js';

let dir: string;
beforeAll(ensureBuilt, 600_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-emoji-sd-'));
  await copyFile(join(packageDir, 'train', 'parity', 'image.png'), join(dir, 'apple.png'));
  await copyFile(join(packageDir, 'train', 'parity', 'mask.png'), join(dir, 'mask.png'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function rgb(file: Buffer): PNG {
  return PNG.sync.read(file);
}

describe('pictor with onnx:emoji-sd', () => {
  it('generate: a 64×64 PNG from the packaged diffusion model', async () => {
    const run = await runCli(
      [
        'generate',
        '-p',
        'onnx:emoji-sd?ep=cpu',
        'a red apple',
        '--seed',
        '1',
        '--steps',
        '8',
        '-o',
        'out.png',
        '--json',
      ],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, provider: 'onnx', modelId: 'emoji-sd' });
    const png = rgb(await readFile(join(dir, 'out.png')));
    expect([png.width, png.height]).toEqual([64, 64]);
  });

  it('edit --mode inpaint keeps the pixels outside the mask; --mode img2img runs too', async () => {
    const inpaint = await runCli(
      [
        'edit',
        '-p',
        'onnx:emoji-sd?ep=cpu',
        '--mode',
        'inpaint',
        '--image',
        'apple.png',
        '--mask',
        'mask.png',
        'a heart',
        '--seed',
        '2',
        '-o',
        'in.png',
      ],
      { cwd: dir },
    );
    expect(inpaint.code).toBe(0);
    const before = rgb(await readFile(join(dir, 'apple.png')));
    const after = rgb(await readFile(join(dir, 'in.png')));
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++)
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(after.data[(y * 64 + x) * 4 + c]! - before.data[(y * 64 + x) * 4 + c]!);
          if (y >= 14 && y < 46 && x >= 20 && x < 52) inside += d;
          else outside += d;
        }
    expect(outside).toBe(0);
    expect(inside / (32 * 32 * 3)).toBeGreaterThan(5);
    const img2img = await runCli(
      [
        'edit',
        '-p',
        'onnx:emoji-sd?ep=cpu',
        '--mode',
        'img2img',
        '--image',
        'apple.png',
        'a green apple',
        '--strength',
        '0.5',
        '-o',
        'i2i.png',
      ],
      { cwd: dir },
    );
    expect(img2img.code).toBe(0);
    expect([rgb(await readFile(join(dir, 'i2i.png'))).width]).toEqual([64]);
  });

  it('models onnx names the packaged id', async () => {
    const run = await runCli(['models', 'onnx'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/onnx:emoji-sd/);
  });
});
