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

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
