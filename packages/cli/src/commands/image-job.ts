import type { CallOptions, GeneratedImage, ImageClient, ImageResult, Warning } from '@pictor/core';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { checkOutcome } from '../output/check-verdict.js';
import { InterruptedError } from '../output/interrupted-error.js';
import { checkWritable, plannedPaths, withExtensionFor } from '../output/output-paths.js';
import { createProgressView } from '../output/progress.js';
import { type ClientFlags, openClient } from '../provider/open-client.js';
import { UsageError } from '../usage-error.js';

/** Output flags shared by `generate` and `edit`. */
export interface JobFlags extends ClientFlags {
  output?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

/** One written file, as `--json` reports it. */
export interface WrittenFile {
  path: string;
  mediaType: string;
  width: number;
  height: number;
  bytes: number;
  seed?: number;
  annotations: Record<string, unknown>;
}

/**
 * Runs one image call for a command: checks the output paths first, opens the client with a progress
 * view, calls, writes every image atomically, prints the summary, and returns the exit code
 * (3 when `--check` found an image that failed).
 */
export async function runImageJob(
  command: string,
  flags: JobFlags,
  io: CliIo,
  job: {
    defaultName: string;
    count: number;
    call: (client: ImageClient, options: CallOptions) => Promise<ImageResult>;
  },
): Promise<number> {
  const toStdout = flags.output === '-';
  if (toStdout && job.count > 1)
    throw new UsageError('-o -: only one image can go to stdout (drop -n)', command);
  if (toStdout && flags.json)
    throw new UsageError('-o - and --json both write to stdout; choose one', command);
  const paths = toStdout ? [] : plannedPaths(flags.output, job.defaultName, job.count, io.cwd);
  await checkWritable(paths, flags.force ?? false);

  const mode = flags.json || flags.quiet ? 'none' : io.stderr.isTTY ? 'tty' : 'lines';
  const progress = createProgressView(io.stderr, mode);
  const say = (text: string) => {
    if (!flags.quiet && !flags.json) io.stderr.write(`${text}\n`);
  };
  let opened: Awaited<ReturnType<typeof openClient>> | undefined;
  try {
    progress.phase('loading provider');
    opened = await openClient(flags, io);
    if (flags.verbose) {
      progress.stop();
      say(
        `provider ${opened.providerName} (from ${opened.source}); middleware: ${opened.middleware.join(' → ') || 'none'}`,
      );
    }
    progress.phase(`${command} on ${opened.providerName}`);
    const result = await job.call(opened.client, {
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (event) => progress.event(event),
    });
    progress.stop();

    const written: WrittenFile[] = [];
    try {
      for (const [i, image] of result.images.entries()) {
        if (toStdout) {
          io.stdout.write(image.bytes);
          continue;
        }
        const path = withExtensionFor(paths[i]!, image.mediaType);
        if (path !== paths[i]) say(`note: the model returned ${image.mediaType}; writing ${path}`);
        await writeFileAtomic(path, image.bytes, {
          force: flags.force ?? false,
          ...(io.signal ? { signal: io.signal } : {}),
        });
        written.push(describeFile(path, image));
      }
    } catch (error) {
      // Ctrl-C between two files: the ones already written stay, and the message names them.
      if (io.signal?.aborted && written.length > 0)
        throw new InterruptedError(
          written.map((file) => file.path),
          error,
        );
      throw error;
    }
    return report(result, written, flags, io);
  } finally {
    progress.stop();
    await opened?.client.dispose();
  }
}

function describeFile(path: string, image: GeneratedImage): WrittenFile {
  return {
    path,
    mediaType: image.mediaType,
    width: image.width,
    height: image.height,
    bytes: image.bytes.length,
    ...(image.seed !== undefined ? { seed: image.seed } : {}),
    annotations: image.annotations,
  };
}

function report(result: ImageResult, written: WrittenFile[], flags: JobFlags, io: CliIo): number {
  const outcomes = result.images.map((image) => checkOutcome(image));
  const failed = outcomes.some((outcome) => outcome && !outcome.passed);
  const exitCode = failed ? ExitCode.checkFailed : ExitCode.ok;
  if (flags.json) {
    const json = {
      ok: !failed,
      provider: result.provider,
      modelId: result.modelId,
      files: written,
      warnings: result.warnings,
      timings: result.timings,
      ...(result.usage ? { usage: result.usage } : {}),
    };
    io.stdout.write(
      `${JSON.stringify(json, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v), 2)}\n`,
    );
    return exitCode;
  }
  if (flags.quiet) return exitCode;
  for (const warning of result.warnings) {
    io.stderr.write(`warning: ${describeWarning(warning)}\n`);
  }
  for (const [i, file] of written.entries()) {
    const seed = file.seed === undefined ? '' : `, seed ${file.seed}`;
    io.stdout.write(`${file.path}  ${file.width}×${file.height} ${file.mediaType}${seed}\n`);
    const outcome = outcomes[i];
    for (const line of outcome?.lines ?? []) io.stderr.write(`  ${line}\n`);
    if (outcome && !outcome.passed)
      io.stderr.write(`check failed for ${file.path}: ${outcome.failures.join('; ') || 'see --json'}\n`);
  }
  io.stderr.write(`${result.provider}:${result.modelId}, ${(result.timings.totalMs / 1000).toFixed(2)} s\n`);
  return exitCode;
}

function describeWarning(warning: Warning): string {
  if (warning.type === 'unsupported')
    return `${warning.field} is not supported by this model and was ignored`;
  if (warning.type === 'adjusted')
    return `${warning.field} ${warning.from} was changed to ${warning.to}${warning.details ? ` (${warning.details})` : ''}`;
  return warning.message;
}
