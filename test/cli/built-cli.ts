// Runs the BUILT `pictor` command (packages/cli/dist/cli.js) as a subprocess, building it and the
// workspace packages it loads first when their dist is missing or older than their sources.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built executable. */
export const CLI = join(root, 'packages/cli/dist/cli.js');

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.endsWith('.test.ts')) continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

/** The workspace packages `@pictor/cli` depends on (itself included), dependencies first. */
function closure(name: string, seen = new Map<string, string>()): Map<string, string> {
  const folder = join(root, 'packages', name.replace('@pictor/', ''));
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const [dep, version] of Object.entries(manifest.dependencies ?? {})) {
    if (version.startsWith('workspace:') && !seen.has(dep)) closure(dep, seen);
  }
  seen.set(name, folder);
  return seen;
}

function stalePackages(): string[] {
  const stale: string[] = [];
  for (const [name, folder] of closure('@pictor/cli')) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    if (!manifest.scripts?.build) continue;
    const dist = join(folder, 'dist');
    const sources = Math.max(
      newest(join(folder, 'src')),
      newest(join(folder, 'package.json')),
      newest(join(folder, 'tsup.config.ts')),
    );
    if (!existsSync(dist) || newest(dist) < sources) stale.push(name);
  }
  return stale;
}

/** Builds what is stale, once across parallel test files (a lock directory serialises them). */
export function ensureBuilt(): void {
  const lock = join(tmpdir(), 'pictor-cli-e2e-build.lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      // Another test file is building; a lock older than 10 minutes is stale.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 10 * 60_000) rmdirSync(lock);
      execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 500)']);
    }
  }
  try {
    for (const name of stalePackages()) {
      execFileSync('pnpm', ['--filter', name, 'run', 'build'], { cwd: root, stdio: 'pipe' });
    }
  } finally {
    rmdirSync(lock);
  }
}

/** What one run of the command did. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of `runCli`. */
export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Called with the child once it runs (to send signals). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
  /** Called with each chunk of stderr as it arrives. */
  onStderr?: (text: string, child: import('node:child_process').ChildProcess) => void;
}

/** Runs `node packages/cli/dist/cli.js ...args` and collects its output. The environment starts clean of Pictor and Cloudflare variables. */
export function runCli(args: string[], options: RunOptions): Promise<CliRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('PICTOR_') && !key.startsWith('CLOUDFLARE_'),
    ),
  );
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...base, NODE_OPTIONS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(chunk, child);
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
