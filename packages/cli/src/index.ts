// @pictor/cli — the `pictor` command, also callable in-process (for tests and tools).

export { ExitCode } from './exit-codes.js';
export type { CliIo, OutputStream } from './io.js';
export { runCli } from './run-cli.js';
export { UsageError } from './usage-error.js';
export { VERSION } from './version.js';
