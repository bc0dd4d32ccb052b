// A hostile upstream echoes the API token everywhere it can; no surface a user can reach — error
// message, cause chain, JSON.stringify, util.inspect, events, logger lines, providerMetadata, cache
// files, CLI stdout and stderr — may hold it, in any form or any piece of 8 characters.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cache, createImageClient, events, PictorError, type ProgressEvent, retry } from '@pictor/core';
import { fileStore } from '@pictor/core/node';
import { createWorkersAI } from '@pictor/workers-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/run-cli.js';
import {
  type HostileScenario,
  type HostileServer,
  startHostileServer,
  type TokenForm,
} from './hostile-server.js';
import { dataSurface, errorSurfaces, leaks } from './scan.js';

const TOKEN = 'cfut_Hostile7Echo9Token_0123456789abcdefXYZ';
const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';

let server: HostileServer;
let dir: string;
beforeAll(async () => {
  server = await startHostileServer(TOKEN);
  dir = await mkdtemp(join(tmpdir(), 'pictor-security-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs one generate call through retry, events, a file cache and a logger; returns every surface. */
async function surfacesOf(scenario: HostileScenario, gateway = false): Promise<Record<string, string>> {
  server.scenario = scenario;
  const logged: string[] = [];
  const observed: unknown[] = [];
  const progress: ProgressEvent[] = [];
  const cacheDir = join(dir, `cache-${Math.random().toString(36).slice(2)}`);
  const workersAI = createWorkersAI(server.settings);
  const client = createImageClient({
    provider: workersAI(SDXL, gateway ? { gateway: { id: 'gw' } } : undefined),
    middleware: [
      events({
        onStart: (e) => observed.push(e),
        onEnd: (e) => observed.push(e),
        onError: (e) => observed.push(e),
      }),
      retry({ maxRetries: 1, initialDelayMs: 1, maxDelayMs: 5 }),
      cache({ store: fileStore(cacheDir) }),
    ],
    logger: (level, message, data) => logged.push(`${level} ${message} ${dataSurface(data)}`),
  });
  const surfaces: Record<string, string> = {};
  try {
    const result = await client.generate(
      { prompt: 'x', width: 256, height: 256 },
      { onProgress: (e) => progress.push(e) },
    );
    surfaces.result = dataSurface({ ...result, images: result.images.map(({ bytes, ...rest }) => rest) });
    surfaces.providerMetadata = dataSurface(result.providerMetadata);
  } catch (error) {
    expect(PictorError.isInstance(error), String(error)).toBe(true);
    Object.assign(surfaces, errorSurfaces(error));
  }
  surfaces.events = dataSurface(observed);
  surfaces.logger = logged.join('\n');
  surfaces.progress = dataSurface(progress);
  const files = await readdir(cacheDir).catch(() => [] as string[]);
  for (const file of files) surfaces[`cache:${file}`] = await readFile(join(cacheDir, file), 'utf8');
  return surfaces;
}

const FORMS: TokenForm[] = ['literal', 'json-escaped', 'url-encoded', 'header-quoted'];
/** Around every cut a client may make: message excerpts (120, 300), ProviderError.body (2 KiB), error bodies read to a few KiB. */
const PADDINGS = [
  0, 100, 112, 115, 120, 290, 295, 300, 1000, 2030, 2040, 2045, 2048, 4085, 4090, 4096, 8185, 8192,
];

describe('a hostile upstream echoing the token', () => {
  it('error envelopes (4xx, 5xx, HTTP 200 with success: false, 429) in every form', async () => {
    for (const form of FORMS) {
      for (const scenario of [
        { type: 'error-envelope', status: 400, form },
        { type: 'error-envelope', status: 401, form },
        { type: 'error-envelope', status: 503, form },
        { type: 'success-false', form },
        { type: 'rate-limit', form },
      ] as HostileScenario[]) {
        expect(leaks(await surfacesOf(scenario), TOKEN), `${scenario.type} ${form}`).toEqual({});
      }
    }
  });

  it('raw error bodies with the token straddling every truncation point', async () => {
    for (const form of ['literal', 'json-escaped', 'url-encoded'] as TokenForm[]) {
      for (const padding of PADDINGS) {
        const scenario: HostileScenario = { type: 'error-text', status: 500, padding, form };
        expect(leaks(await surfacesOf(scenario), TOKEN), `padding ${padding}, ${form}`).toEqual({});
      }
    }
  });

  it('a body that says JSON and is not (the SyntaxError quotes it), cut at every point', async () => {
    for (const padding of [0, 50, 100, 110, 115, 120, 300, 2040]) {
      expect(leaks(await surfacesOf({ type: 'invalid-json', padding }), TOKEN), `padding ${padding}`).toEqual(
        {},
      );
    }
  });

  it('a redirect carrying the token, and a body cut off mid-way', async () => {
    expect(leaks(await surfacesOf({ type: 'redirect' }), TOKEN)).toEqual({});
    expect(leaks(await surfacesOf({ type: 'cut-body' }), TOKEN)).toEqual({});
  });

  it('response headers echoing it: providerMetadata and the cache file hold only allowlisted, well-formed values', async () => {
    const surfaces = await surfacesOf({ type: 'image-with-headers' }, true);
    expect(Object.keys(surfaces).some((name) => name.startsWith('cache:'))).toBe(true);
    expect(leaks(surfaces, TOKEN)).toEqual({});
    const ok = await surfacesOf({ type: 'ok' }, true);
    expect(ok.providerMetadata).toContain('log-0123');
    expect(ok.providerMetadata).toContain('MISS');
  });

  it('the CLI prints none of it, plain, --verbose or --json', async () => {
    const config = join(dir, 'pictor.config.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      config,
      JSON.stringify({
        provider: { id: 'workers-ai', model: SDXL, settings: { baseURL: server.settings.baseURL } },
        middleware: [{ use: 'retry', maxRetries: 0 }],
      }),
    );
    const env = { CLOUDFLARE_ACCOUNT_ID: server.accountId, CLOUDFLARE_API_TOKEN: TOKEN };
    for (const scenario of [
      { type: 'error-envelope', status: 400, form: 'json-escaped' },
      { type: 'error-text', status: 500, padding: 290, form: 'literal' },
      { type: 'invalid-json', padding: 110 },
      { type: 'redirect' },
    ] as HostileScenario[]) {
      server.scenario = scenario;
      for (const flags of [[], ['--verbose'], ['--json', '--verbose']]) {
        const stdout: string[] = [];
        const stderr: string[] = [];
        const stream = (sink: string[]) => ({
          isTTY: false,
          columns: 80,
          write(chunk: string | Uint8Array) {
            sink.push(typeof chunk === 'string' ? chunk : `[${chunk.length} bytes]`);
            return true;
          },
        });
        const code = await runCli(
          ['generate', 'x', '-c', config, '-o', join(dir, 'out.png'), '--size', '256x256', ...flags],
          {
            stdout: stream(stdout),
            stderr: stream(stderr),
            env,
            cwd: dir,
          },
        );
        expect(code, stderr.join('')).not.toBe(0);
        expect(stderr.join('') + stdout.join(''), 'the CLI said something').not.toBe('');
        expect(
          leaks({ stdout: stdout.join(''), stderr: stderr.join('') }, TOKEN),
          `${scenario.type} ${flags}`,
        ).toEqual({});
      }
    }
  });
});
