// Runs an example's index.ts the way its README does (tsx, workspace sources), for the example's test.
import { spawn } from 'node:child_process';

/** Runs `tsx index.ts ...args` in the example folder `dir` and collects its output. */
export function runExample(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@pictor/source', '--import', 'tsx', 'index.ts', ...args],
    {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
