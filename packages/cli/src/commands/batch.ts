import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  AbortError,
  createImageClient,
  type ImageClient,
  type ImageProvider,
  PictorError,
  resolveMiddleware,
  resolveProvider,
  retry,
} from '@pictor/core';
import { type FlagValues, onePositional, parseCommand, parseInteger } from '../args.js';
import { type BatchItem, parseBatch } from '../batch/batch-input.js';
import { type BatchCounts, createBatchProgress } from '../batch/batch-progress.js';
import { appendManifest, isDone, type ManifestEntry, readManifest } from '../batch/manifest.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { withExtensionFor } from '../output/output-paths.js';
import { resolveConfig, resolveOptions } from '../provider/open-client.js';
import { UsageError } from '../usage-error.js';

export const batchOptions = {
  provider: { type: 'string', short: 'p' },
  config: { type: 'string', short: 'c' },
  output: { type: 'string', short: 'o' },
  concurrency: { type: 'string', short: 'j' },
  retries: { type: 'string' },
  queue: { type: 'string' },
  check: { type: 'boolean' },
  tag: { type: 'boolean' },
} as const;

type Values = FlagValues<typeof batchOptions & { json: { type: 'boolean' }; quiet: { type: 'boolean' } }>;

interface Opened {
  client: ImageClient;
  close(): Promise<void>;
}

/** The client a batch runs through: the configured one, or a queued provider whose workers run the config. */
async function openBatchClient(values: Values, io: CliIo, retries: number): Promise<Opened> {
  const { config } = await resolveConfig(values, io);
  const options = resolveOptions(io);
  const provider: ImageProvider = await resolveProvider(config.provider!, options);
  if (values.queue) {
    const { queued } = await import('@pictor/queue');
    const remote = queued(provider, { queue: { connection: values.queue } });
    // The workers run the provider with their own config's middleware; here only retry and the checks the client makes.
    const client = createImageClient({ provider: remote, middleware: [retry({ maxRetries: retries })] });
    return { client, close: () => remote.close() };
  }
  const middleware = await resolveMiddleware(config, options);
  const hasRetry = middleware.some((m) => m.name === 'retry');
  const client = createImageClient({
    provider,
    middleware: hasRetry ? middleware : [retry({ maxRetries: retries }), ...middleware],
    strict: config.strict ?? false,
  });
  return { client, close: () => client.dispose() };
}

function describeError(error: unknown): { code: string; message: string } {
  return PictorError.isInstance(error)
    ? { code: error.code, message: error.message }
    : { code: 'error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * `pictor batch PROMPTS.jsonl -o DIR`: every request of the file, `-j` at a time, retried, written to
 * DIR with a manifest; a rerun skips what the manifest says is done (and whose files are there).
 */
export async function batchCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('batch', args, batchOptions);
  const file = onePositional('batch', positionals, 'PROMPTS.jsonl');
  if (!values.output)
    throw new UsageError('-o DIR is required: the folder for the images and manifest.jsonl', 'batch');
  const concurrency = parseInteger('-j', values.concurrency, 1, 256) ?? 2;
  const retries = parseInteger('--retries', values.retries, 0, 20) ?? 2;
  if (values.queue !== undefined && !/^rediss?:\/\//.test(values.queue))
    throw new UsageError(`--queue: expected a redis:// URL, got "${values.queue}"`, 'batch');
  const text = await readFile(resolve(io.cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`, 'batch');
  });
  const items = parseBatch(text);
  const dir = resolve(io.cwd, values.output);
  await mkdir(dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.jsonl');
  const before = await readManifest(manifestPath);
  const todo = items.filter((item) => !isDone(before.get(item.key)));
  const counts: BatchCounts = { total: items.length, skipped: items.length - todo.length, ok: 0, failed: 0 };
  const say = (line: string) => {
    if (!values.quiet && !values.json) io.stderr.write(`${line}\n`);
  };
  if (counts.skipped) say(`resuming: ${counts.skipped} of ${items.length} already done (${manifestPath})`);

  const mode = values.json || values.quiet ? 'none' : io.stderr.isTTY ? 'tty' : 'lines';
  const progress = createBatchProgress(io.stderr, mode);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  let filesWritten = 0;
  const failures: { line: number; error: { code: string; message: string } }[] = [];

  const record = async (entry: Omit<ManifestEntry, 'at'>) => {
    await appendManifest(manifestPath, { ...entry, at: new Date().toISOString() });
  };

  const runItem = async (client: ImageClient, item: BatchItem) => {
    const started = Date.now();
    if (item.error) {
      counts.failed++;
      failures.push({ line: item.line, error: describeError(item.error) });
      await record({ key: item.key, line: item.line, status: 'failed', error: describeError(item.error) });
      return;
    }
    try {
      const result = await client.generate(item.request!, { signal: controller.signal });
      const files: NonNullable<ManifestEntry['files']> = [];
      for (const [i, image] of result.images.entries()) {
        const stem = result.images.length > 1 ? `${item.name}-${i + 1}` : item.name;
        const path = withExtensionFor(join(dir, `${stem}.png`), image.mediaType);
        await writeFileAtomic(path, image.bytes, { force: true });
        filesWritten++;
        files.push({
          path,
          mediaType: image.mediaType,
          width: image.width,
          height: image.height,
          bytes: image.bytes.length,
          ...(image.seed !== undefined ? { seed: image.seed } : {}),
        });
      }
      counts.ok++;
      await record({ key: item.key, line: item.line, status: 'ok', files, ms: Date.now() - started });
    } catch (error) {
      if (
        controller.signal.aborted &&
        (AbortError.isInstance(error) || PictorError.hasCode(error, 'aborted'))
      )
        return;
      counts.failed++;
      failures.push({ line: item.line, error: describeError(error) });
      await record({
        key: item.key,
        line: item.line,
        status: 'failed',
        error: describeError(error),
        ms: Date.now() - started,
      });
    } finally {
      progress.update(counts);
    }
  };

  let opened: Opened | undefined;
  try {
    if (todo.length) {
      opened = await openBatchClient(values, io, retries);
      const client = opened.client;
      let next = 0;
      progress.update(counts);
      await Promise.all(
        Array.from({ length: Math.min(concurrency, todo.length) }, async () => {
          while (!controller.signal.aborted && next < todo.length) await runItem(client, todo[next++]!);
        }),
      );
    }
  } finally {
    progress.stop();
    io.signal?.removeEventListener('abort', onInterrupt);
    await opened?.close();
  }

  const left = items.length - counts.skipped - counts.ok - counts.failed;
  const interrupted = controller.signal.aborted;
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ success: !interrupted && counts.failed === 0, ...counts, left, filesWritten, manifest: manifestPath, interrupted, failures }, null, 2)}\n`,
    );
  } else {
    for (const { line, error } of failures) {
      const where = error.message.startsWith(`line ${line}`) ? '' : `line ${line}: `;
      io.stderr.write(`${where}${error.message} [${error.code}]\n`);
    }
    if (!values.quiet)
      io.stderr.write(
        interrupted
          ? `interrupted: this run wrote ${filesWritten} image${filesWritten === 1 ? '' : 's'} for ${counts.ok} request${counts.ok === 1 ? '' : 's'} (listed in ${manifestPath}); ${left} left — run the same command again to finish them\n`
          : `done: ${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} skipped of ${items.length}; ${filesWritten} files written; manifest ${manifestPath}\n`,
      );
  }
  return interrupted ? ExitCode.interrupted : counts.failed ? ExitCode.failure : ExitCode.ok;
}
