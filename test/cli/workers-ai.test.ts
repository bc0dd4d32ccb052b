// The built `pictor` command against the fake Workers AI server (real HTTP on 127.0.0.1).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '@pictor/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeWorkersAI, startFakeWorkersAI } from '../fake-workers-ai/index.js';
import { ensureBuilt, runCli } from './built-cli.js';

let fake: FakeWorkersAI;
let dir: string;
let env: Record<string, string>;
const FLUX = '@cf/black-forest-labs/flux-1-schnell';
const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';

beforeAll(async () => {
  ensureBuilt();
  fake = await startFakeWorkersAI();
  env = { CLOUDFLARE_ACCOUNT_ID: fake.accountId, CLOUDFLARE_API_TOKEN: fake.token };
}, 600_000);
afterAll(() => fake.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pictor-e2e-'));
  fake.setBehaviour(null);
  // The config file users write for Workers AI, pointed at the fake: no secret in it.
  const config = (model: string) => ({
    provider: { id: 'workers-ai', model, settings: { baseURL: fake.baseURL } },
  });
  await writeFile(join(dir, 'pictor.config.json'), JSON.stringify(config(FLUX)));
  await writeFile(join(dir, 'sdxl.json'), JSON.stringify(config(SDXL)));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('pictor generate on Workers AI (fake server)', () => {
  it('reads the provider from ./pictor.config.json and the token from the environment', async () => {
    const run = await runCli(['generate', 'a red apple', '-o', 'apple.jpg', '--seed', '42', '--json'], {
      cwd: dir,
      env,
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: true, provider: 'workers-ai', modelId: FLUX });
    const bytes = new Uint8Array(await readFile(join(dir, 'apple.jpg')));
    expect(readImageInfo(bytes).mediaType).toBe('image/jpeg');
    const request = fake.requests.at(-1)!;
    expect(request.model).toBe(FLUX);
    // flux-1-schnell takes no seed over this API: dropped before the call, and reported.
    expect(request.json).toEqual({ prompt: 'a red apple' });
    expect(json.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'seed' }));
    expect(request.headers.authorization).toBe(`Bearer ${fake.token}`);
  });

  it('corrects the extension to what the model returned, and says so', async () => {
    const run = await runCli(['generate', 'a red apple', '-o', 'apple.png'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`note: the model returned image/jpeg; writing ${join(dir, 'apple.jpg')}`);
    expect(await readdir(dir)).toContain('apple.jpg');
    expect(await readdir(dir)).not.toContain('apple.png');
  });

  it('-c picks another config file; -p overrides both (flag > file > env)', async () => {
    const fromFile = await runCli(
      ['generate', 'a boat', '-c', 'sdxl.json', '-o', 'boat.png', '--seed', '9', '--json'],
      {
        cwd: dir,
        env,
      },
    );
    expect(JSON.parse(fromFile.stdout).modelId).toBe(SDXL);
    expect(fake.requests.at(-1)!.json).toMatchObject({ prompt: 'a boat', seed: 9 });
    const fromFlag = await runCli(['generate', 'a boat', '-p', 'tfjs:emoji', '-o', 'boat2.png', '--json'], {
      cwd: dir,
      env: { ...env, PICTOR_PROVIDER: `workers-ai:${SDXL}` },
    });
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({ provider: 'tfjs', modelId: 'emoji' });
  });

  it('a wrong token: exit 1, one line naming the problem, the token never printed (even with --verbose)', async () => {
    const secret = 'cf-wrong-token-0123456789abcdef';
    const run = await runCli(['generate', 'a red apple', '-o', 'a.jpg', '--verbose'], {
      cwd: dir,
      env: { ...env, CLOUDFLARE_API_TOKEN: secret },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pictor: error: .*\[authentication\]$/m);
    expect(run.stderr).not.toContain(secret);
    expect(run.stdout).not.toContain(secret);
    expect(await readdir(dir)).not.toContain('a.jpg');
  });

  it('a missing token: exit 2 naming the setting and the variable', async () => {
    const run = await runCli(['generate', 'a red apple', '-o', 'a.jpg'], {
      cwd: dir,
      env: { CLOUDFLARE_ACCOUNT_ID: fake.accountId },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pictor: error: provider\.settings\.apiToken: .*CLOUDFLARE_API_TOKEN/);
    expect(fake.requests.filter((r) => r.headers.authorization === undefined)).toEqual([]);
  });

  it('a server error: exit 1 with the provider error code', async () => {
    fake.setBehaviour({ type: 'error', status: 500, code: 3001, message: 'internal' });
    const run = await runCli(['generate', 'a red apple', '-o', 'a.jpg'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pictor: error: .*\[provider_error\]$/m);
  });

  it('Ctrl-C (SIGINT) during a long request: exit 130, no file and no temporary file left', async () => {
    fake.setBehaviour({ type: 'delay', ms: 20_000 });
    const before = fake.requests.length;
    let sent = false;
    const run = await runCli(['generate', 'a slow apple', '-o', 'slow.jpg'], {
      cwd: dir,
      env,
      onStderr: (_text, child) => {
        // Once the request is on the wire, interrupt.
        const timer = setInterval(() => {
          if (!sent && fake.requests.length > before) {
            sent = true;
            child.kill('SIGINT');
          }
          if (sent) clearInterval(timer);
        }, 20);
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      'pictor: error: interrupted; no file was written and no partial file was left',
    );
    expect((await readdir(dir)).sort()).toEqual(['pictor.config.json', 'sdxl.json']);
  });

  it('pictor edit --mode inpaint sends the image and the mask, and writes the result', async () => {
    const { encodePng } = await import('@pictor/core');
    const size = 512;
    const image = await encodePng({
      width: size,
      height: size,
      data: new Uint8Array(size * size * 4).fill(200),
    });
    const mask = await encodePng({
      width: size,
      height: size,
      data: new Uint8Array(size * size * 4).fill(255),
    });
    await writeFile(join(dir, 'room.png'), image);
    await writeFile(join(dir, 'window.png'), mask);
    const inpainting = '@cf/runwayml/stable-diffusion-v1-5-inpainting';
    await writeFile(
      join(dir, 'inpaint.json'),
      JSON.stringify({
        provider: { id: 'workers-ai', model: inpainting, settings: { baseURL: fake.baseURL } },
      }),
    );
    const ok = await runCli(
      [
        'edit',
        '-c',
        'inpaint.json',
        '--image',
        'room.png',
        '--mask',
        'window.png',
        '--mode',
        'inpaint',
        'a round window',
        '-o',
        'room2.png',
        '--seed',
        '3',
      ],
      { cwd: dir, env },
    );
    expect(ok.stderr).not.toContain('error');
    expect(ok.code).toBe(0);
    const request = fake.requests.at(-1)!;
    expect(request.model).toBe(inpainting);
    expect(request.json).toMatchObject({ prompt: 'a round window', seed: 3 });
    expect(Uint8Array.from((request.json as { mask: number[] }).mask)).toEqual(mask);
    expect(readImageInfo(new Uint8Array(await readFile(join(dir, 'room2.png'))))).toMatchObject({
      width: size,
      height: size,
    });
  });

  it('pictor edit: a mask of another size is a usage error before any request', async () => {
    const { encodePng } = await import('@pictor/core');
    await writeFile(
      join(dir, 'a.png'),
      await encodePng({ width: 512, height: 512, data: new Uint8Array(512 * 512 * 4) }),
    );
    await writeFile(
      join(dir, 'm.png'),
      await encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256 * 4) }),
    );
    await writeFile(
      join(dir, 'inpaint.json'),
      JSON.stringify({
        provider: {
          id: 'workers-ai',
          model: '@cf/runwayml/stable-diffusion-v1-5-inpainting',
          settings: { baseURL: fake.baseURL },
        },
      }),
    );
    const before = fake.requests.length;
    const run = await runCli(
      [
        'edit',
        '-c',
        'inpaint.json',
        '--image',
        'a.png',
        '--mask',
        'm.png',
        '--mode',
        'inpaint',
        'x',
        '-o',
        'out.png',
      ],
      { cwd: dir, env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pictor: error: mask: is 256×256 but the image is 512×512/);
    expect(fake.requests.length).toBe(before);
  });

  it('config check --resolve lets the adapter check its settings, pointing at the line', async () => {
    await writeFile(
      join(dir, 'wa.json'),
      '{\n  "provider": {\n    "id": "workers-ai",\n    "model": "@cf/black-forest-labs/flux-1-schnell",\n    "settings": { "accountId": "not an id!" }\n  }\n}\n',
    );
    const before = fake.requests.length;
    const plain = await runCli(['config', 'check', 'wa.json'], { cwd: dir, env });
    expect(plain.code).toBe(0);
    const resolved = await runCli(['config', 'check', 'wa.json', '--resolve'], { cwd: dir, env });
    expect(resolved.code).toBe(3);
    expect(resolved.stdout).toMatch(
      /^wa\.json:5:19 {2}error {2}provider\.settings\.accountId: must be a Cloudflare account id$/m,
    );
    // Checking creates the provider but never calls the model.
    expect(fake.requests.length).toBe(before);
  });
});
