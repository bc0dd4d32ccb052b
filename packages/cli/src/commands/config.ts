import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { createImageClientFromConfig, redactSecrets } from '@pictor/core';
import { parseCommand } from '../args.js';
import { type ConfigProblem, checkConfigText, problemFromError } from '../config/check-config.js';
import { configSchemaJson } from '../config/config-reference.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

const checkOptions = { resolve: { type: 'boolean' } } as const;

/** The file `config check` looks at: the argument, else `PICTOR_CONFIG` (a path), else `./pictor.config.json`. */
function findConfig(positionals: string[], io: CliIo): string | undefined {
  if (positionals.length > 1) throw new UsageError('config check takes at most one FILE', 'config check');
  if (positionals[0]) return resolve(io.cwd, positionals[0]);
  const fromEnv = io.env.PICTOR_CONFIG?.trim();
  if (fromEnv && !fromEnv.startsWith('{')) return resolve(io.cwd, fromEnv);
  const local = resolve(io.cwd, 'pictor.config.json');
  return existsSync(local) ? local : undefined;
}

function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.location ? `${file}:${problem.location.line}:${problem.location.column}` : file;
  const path = problem.path ? `${problem.path}: ` : '';
  return redactSecrets(`${where}  ${problem.severity}  ${path}${problem.message}`);
}

/** `pictor config check [FILE] [--resolve]`: every problem of a config, with its path and line. Exit 3 when there are errors. */
export async function configCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'schema') {
    parseCommand('config schema', rest, {});
    io.stdout.write(configSchemaJson());
    return ExitCode.ok;
  }
  if (sub !== 'check') {
    throw new UsageError(
      sub
        ? `unknown config command "${sub}" (known: check, schema)`
        : 'missing config command (known: check, schema)',
      'config',
    );
  }
  const { values, positionals } = parseCommand('config check', rest, checkOptions);
  const file = findConfig(positionals, io);
  if (!file) {
    io.stdout.write(
      'no config file (./pictor.config.json or PICTOR_CONFIG); the provider is the embedded model, tfjs:emoji\n',
    );
    return ExitCode.ok;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const problems = await checkConfigText(text, io.env);
  if (values.resolve && !problems.some((p) => p.severity === 'error')) {
    try {
      const client = await createImageClientFromConfig(JSON.parse(text), {
        env: io.env,
        cwd: io.cwd,
        importModule: (id) => import(id),
      });
      await client.dispose();
    } catch (error) {
      problems.push(problemFromError(error, text));
    }
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const shown = relative(io.cwd, file) || file;
  if (values.json) {
    io.stdout.write(`${redactSecrets(JSON.stringify({ ok: errors === 0, file, problems }, null, 2))}\n`);
  } else {
    for (const problem of problems) io.stdout.write(`${formatProblem(shown, problem)}\n`);
    if (!values.quiet) {
      const warnings = problems.length - errors;
      io.stdout.write(
        errors === 0
          ? `${shown}: ok${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n`
          : `${shown}: ${errors} error${errors > 1 ? 's' : ''}\n`,
      );
    }
  }
  return errors === 0 ? ExitCode.ok : ExitCode.checkFailed;
}
