import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError, registerProvider, registerSecret } from '@pictor/core';
import { type MockProvider, mockProvider } from '@pictor/core/test';
import { type CliIo, runCli } from '../src/index.js';

/** A stream that records what was written. */
export function collector(isTTY = false) {
  const chunks: (string | Uint8Array)[] = [];
  return {
    isTTY,
    columns: 80,
    write(chunk: string | Uint8Array) {
      chunks.push(chunk);
      return true;
    },
    get text() {
      return chunks.filter((c) => typeof c === 'string').join('');
    },
    get bytes() {
      return chunks.filter((c): c is Uint8Array => typeof c !== 'string');
    },
  };
}

/** The token the failing test provider puts in its error message (it must never be printed). */
export const SECRET = 'tok_9f8e7d6c5b4a39281706';

/** The last provider instance each test id created. */
export const created: { mock?: MockProvider } = {};

/**
 * Test-only provider ids, registered through core's public registry:
 * - `test-mock:MODEL?latencyMs=…&progress=step|coarse&maxWidth=…` — core's mock provider;
 * - `test-fail:MODEL` — fails with a provider error whose message contains SECRET.
 */
export function registerTestProviders(): void {
  registerProvider({
    id: 'test-mock',
    create: (config) => {
      const options = (config.options ?? {}) as Record<string, string>;
      const mock = mockProvider({
        provider: 'test-mock',
        modelId: config.model,
        latencyMs: Number(options.latencyMs ?? 0),
        capabilities: {
          progress: options.progress === 'coarse' ? 'coarse' : 'step',
          ...(options.maxWidth ? { width: { min: 8, max: Number(options.maxWidth) } } : {}),
        },
      });
      created.mock = mock;
      return mock;
    },
  });
  registerSecret(SECRET);
  registerProvider({
    id: 'test-fail',
    create: (config) =>
      mockProvider({
        provider: 'test-fail',
        modelId: config.model,
        fail: new ProviderError(`upstream said 500; request had Authorization: Bearer ${SECRET}`, {
          provider: 'test-fail',
          cause: new Error(`socket closed (token ${SECRET})`),
        }),
      }),
  });
}

/** A fresh temporary directory, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pictor-cli-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the CLI in-process in `cwd` and returns the exit code and what it printed. */
export async function run(
  argv: string[],
  options: { cwd: string; env?: Record<string, string>; tty?: boolean; signal?: AbortSignal },
) {
  const stdout = collector(false);
  const stderr = collector(options.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text, stdoutBytes: stdout.bytes };
}
