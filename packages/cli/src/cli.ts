import { ExitCode } from './exit-codes.js';
import { removePendingFiles } from './output/atomic-write.js';
import { runCli } from './run-cli.js';

// The `pictor` executable. Ctrl-C once: the call is aborted, temporary files are removed and the
// process exits 130. Ctrl-C twice: temporary files are removed and it exits at once.
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts === 1) {
    controller.abort(new Error('interrupted'));
    return;
  }
  removePendingFiles();
  process.exit(ExitCode.interrupted);
});
process.on('exit', removePendingFiles);
// `pictor models | head`: the reader went away; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    removePendingFiles();
    process.exit(process.exitCode ?? 0);
  });
}

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
} catch (error) {
  // Only when the CLI itself cannot load (runCli reports every other error): say why in one line.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`pictor: error: ${message.split('\n')[0]}\n`);
  if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && message.includes('/dist/')) {
    process.stderr.write(
      'pictor: a workspace package is not built; run: pnpm --filter @pictor/cli... build\n',
    );
  }
  process.exitCode = ExitCode.failure;
}
