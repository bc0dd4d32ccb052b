import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseCommand } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/**
 * `pictor refs add|list|remove STORE …`: the reference store of protected works that the
 * near-duplicate check compares images with — a folder of images, or a `.jsonl` index of hashes.
 */
export async function refsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('refs', args, { id: { type: 'string' } });
  const [action, storePath, ...rest] = positionals;
  if (action !== 'add' && action !== 'list' && action !== 'remove')
    throw new UsageError('expected refs add|list|remove STORE …', 'refs');
  if (!storePath)
    throw new UsageError(`refs ${action} needs a STORE (a folder or a .jsonl index file)`, 'refs');
  const { openReferences } = await import('@pictor/hallucination-check');
  const store = openReferences(resolve(io.cwd, storePath));
  const json = values.json === true;
  if (action === 'list') {
    if (rest.length > 0) throw new UsageError('refs list takes only a STORE', 'refs');
    const entries = await store.list();
    if (json)
      io.stdout.write(
        `${JSON.stringify({ store: storePath, works: entries.map(({ id, pdq, quality, variants }) => ({ id, pdq, quality, variants: variants.length })) }, null, 2)}\n`,
      );
    else {
      for (const e of entries) io.stdout.write(`${e.id}  quality ${e.quality}  pdq ${e.pdq}\n`);
      if (!values.quiet)
        io.stderr.write(`${entries.length} work${entries.length === 1 ? '' : 's'} in ${storePath}\n`);
    }
    return ExitCode.ok;
  }
  if (rest.length === 0)
    throw new UsageError(`refs ${action} needs at least one ${action === 'add' ? 'FILE' : 'ID'}`, 'refs');
  if (action === 'add') {
    if (values.id && rest.length > 1)
      throw new UsageError('--id names one work: give one FILE with it', 'refs');
    const added = [];
    for (const file of rest) {
      const bytes = new Uint8Array(await readFile(resolve(io.cwd, file)));
      const entry = await store.add(values.id ?? basename(file), bytes);
      added.push({ id: entry.id, quality: entry.quality, variants: entry.variants.length });
      if (!json && !values.quiet)
        io.stdout.write(
          `added ${entry.id} (PDQ quality ${entry.quality}, ${entry.variants.length} variants)${entry.quality < 50 ? ': little detail, matches on it are weak' : ''}\n`,
        );
    }
    if (json) io.stdout.write(`${JSON.stringify({ store: storePath, added }, null, 2)}\n`);
    return ExitCode.ok;
  }
  const removed: string[] = [];
  const missing: string[] = [];
  for (const id of rest) ((await store.remove(id)) ? removed : missing).push(id);
  if (json) io.stdout.write(`${JSON.stringify({ store: storePath, removed, missing }, null, 2)}\n`);
  else {
    for (const id of removed) if (!values.quiet) io.stdout.write(`removed ${id}\n`);
    for (const id of missing) io.stderr.write(`${id}: not in ${storePath}\n`);
  }
  return missing.length > 0 ? ExitCode.failure : ExitCode.ok;
}
