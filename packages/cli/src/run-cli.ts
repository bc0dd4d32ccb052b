import { configCommand } from './commands/config.js';
import { editCommand } from './commands/edit.js';
import { generateCommand } from './commands/generate.js';
import { inspectCommand } from './commands/inspect.js';
import { modelsCommand } from './commands/models.js';
import { ExitCode } from './exit-codes.js';
import { HELP } from './help.js';
import type { CliIo } from './io.js';
import { reportError } from './output/report-error.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  generate: generateCommand,
  edit: editCommand,
  inspect: inspectCommand,
  models: modelsCommand,
  config: configCommand,
};

/** Aliases a user may reach for. */
const ALIASES: Record<string, string> = { gen: 'generate', g: 'generate', model: 'models' };

/**
 * Runs the `pictor` command with `argv` (without `node` and the script) and returns the exit code.
 * Never throws: every error becomes one line on stderr (or a JSON object with `--json`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const command = first === undefined ? undefined : (ALIASES[first] ?? first);
  const wantsJson = argv.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' && rest[0] ? (ALIASES[rest[0]] ?? rest[0]) : 'main';
      io.stdout.write(`${HELP[topic] ?? HELP.main}\n`);
      return command === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${first}" (known: ${Object.keys(COMMANDS).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      const topic = command === 'config' && rest[0] === 'check' ? 'config check' : command;
      io.stdout.write(`${HELP[topic]}\n`);
      return ExitCode.ok;
    }
    return await run(rest, io);
  } catch (error) {
    const report = reportError(error);
    if (io.signal?.aborted) {
      Object.assign(report, {
        exitCode: ExitCode.interrupted,
        code: 'aborted',
        message: 'interrupted; no partial file was left',
      });
      delete report.hint;
    }
    if (wantsJson) {
      const { exitCode: _exitCode, causes, ...rest } = report;
      io.stdout.write(
        `${JSON.stringify({ ok: false, error: { ...rest, ...(verbose ? { causes } : {}) } }, null, 2)}\n`,
      );
    } else {
      io.stderr.write(
        `pictor: error: ${report.message}${report.code !== 'usage' && report.code !== 'error' ? ` [${report.code}]` : ''}\n`,
      );
      if (report.hint) io.stderr.write(`pictor: ${report.hint}\n`);
      if (verbose) for (const cause of report.causes) io.stderr.write(`  caused by ${cause}\n`);
    }
    return report.exitCode;
  }
}
