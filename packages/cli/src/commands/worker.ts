import { resolveMiddleware, resolveProvider, wrapProvider } from '@pictor/core';
import { parseCommand, parseInteger } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { resolveConfig, resolveOptions } from '../provider/open-client.js';
import { UsageError } from '../usage-error.js';

export const workerOptions = {
  provider: { type: 'string', short: 'p' },
  config: { type: 'string', short: 'c' },
  queue: { type: 'string' },
  name: { type: 'string' },
  concurrency: { type: 'string', short: 'j' },
  check: { type: 'boolean' },
  tag: { type: 'boolean' },
} as const;

/**
 * `pictor worker --queue redis://…`: runs queued jobs with the configured provider and middleware
 * until Ctrl-C (running jobs finish first).
 */
export async function workerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('worker', args, workerOptions);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'worker');
  if (!values.queue || !/^rediss?:\/\//.test(values.queue))
    throw new UsageError('--queue redis://HOST:PORT is required', 'worker');
  const concurrency = parseInteger('-j', values.concurrency, 1, 64) ?? 1;
  const { config, providerName } = await resolveConfig(values, io);
  const options = resolveOptions(io);
  const provider = wrapProvider(
    await resolveProvider(config.provider!, options),
    ...(await resolveMiddleware(config, options)),
  );
  const { createWorker } = await import('@pictor/queue');
  const worker = await createWorker(provider, {
    queue: { connection: values.queue, ...(values.name ? { name: values.name } : {}) },
    concurrency,
  });
  await worker.ready();
  if (!values.quiet)
    io.stderr.write(
      `worker: ${providerName} on ${values.queue.replace(/\/\/[^@]*@/, '//')} (${concurrency} at a time); Ctrl-C stops\n`,
    );
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
  if (!values.quiet)
    io.stderr.write(`worker: stopped after ${worker.stats.completed} jobs (${worker.stats.failed} failed)\n`);
  return ExitCode.ok;
}
