import { ExitCode } from './exit-codes.js';
import { HELP } from './help.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

// Loaded on demand, so `pictor --version` and `--help` start without loading the SDK.
const COMMANDS: Record<string, () => Promise<Command>> = {
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  edit: async () => (await import('./commands/edit.js')).editCommand,
  inspect: async () => (await import('./commands/inspect.js')).inspectCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  models: async () => (await import('./commands/models.js')).modelsCommand,
  config: async () => (await import('./commands/config.js')).configCommand,
  batch: async () => (await import('./commands/batch.js')).batchCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  refs: async () => (await import('./commands/refs.js')).refsCommand,
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
    const load = COMMANDS[command];
    if (!load)
      throw new UsageError(`unknown command "${first}" (known: ${Object.keys(COMMANDS).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      const topic = command === 'config' && rest[0] === 'check' ? 'config check' : command;
      io.stdout.write(`${HELP[topic]}\n`);
      return ExitCode.ok;
    }
    return await (await load())(rest, io);
  } catch (error) {
    const { reportError } = await import('./output/report-error.js');
    const report = reportError(error);
    if (io.signal?.aborted) {
      const { interruptedMessage } = await import('./output/interrupted-error.js');
      Object.assign(report, {
        exitCode: ExitCode.interrupted,
        code: 'aborted',
        message: interruptedMessage(error),
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
