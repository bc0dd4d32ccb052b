import { parseCommand } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import {
  ADAPTER_PACKAGES,
  type CatalogueEntry,
  catalogueOf,
  describeCapabilities,
} from '../provider/catalogue.js';
import { UsageError } from '../usage-error.js';
import { flatten } from './inspect.js';
import { emojiConceptLines } from './model-concepts.js';

/** `pictor models [PROVIDER]`: every model each adapter knows, with its capabilities. */
export async function modelsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('models', args, {});
  if (positionals.length > 1) throw new UsageError('models takes at most one PROVIDER', 'models');
  const wanted = positionals[0];
  const ids = wanted ? [wanted] : Object.keys(ADAPTER_PACKAGES);
  const known = Object.keys(ADAPTER_PACKAGES);
  if (wanted && !ADAPTER_PACKAGES[wanted]) {
    throw new UsageError(`unknown provider "${wanted}" (known: ${known.join(', ')})`, 'models');
  }
  const entries: CatalogueEntry[] = [];
  const unavailable: { provider: string; reason: string }[] = [];
  const notes: string[] = [];
  for (const id of ids) {
    let module: Record<string, unknown>;
    try {
      module = (await import(ADAPTER_PACKAGES[id]!)) as Record<string, unknown>;
    } catch (error) {
      unavailable.push({
        provider: id,
        reason: `${ADAPTER_PACKAGES[id]} could not be loaded: ${(error as Error).message}`,
      });
      continue;
    }
    const catalogue = catalogueOf(id, module);
    if (catalogue) entries.push(...catalogue);
    else
      notes.push(
        `${id}: no fixed catalogue; name a model by path or packaged id, for example ${id}:./models/sd-turbo, ${id}:emoji or ${id}:emoji-sd (text-to-image, img2img, inpaint)`,
      );
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ models: entries, unavailable, notes }, null, 2)}\n`);
    return unavailable.length === ids.length ? ExitCode.failure : ExitCode.ok;
  }
  for (const model of entries) {
    io.stdout.write(`${model.provider}:${model.modelId}\n`);
    for (const line of describeCapabilities(model.capabilities)) io.stdout.write(`  ${line}\n`);
    const description = model.details.description ?? model.details.name;
    if (typeof description === 'string') io.stdout.write(`  about     ${description}\n`);
    if (model.modelId === 'emoji')
      for (const line of emojiConceptLines(values.verbose === true)) io.stdout.write(`  ${line}\n`);
    if (values.verbose && model.modelId !== 'emoji')
      for (const [key, value] of flatten(model.details)) io.stdout.write(`  ${key}: ${value}\n`);
    io.stdout.write('\n');
  }
  for (const note of notes) io.stdout.write(`${note}\n`);
  for (const { provider, reason } of unavailable) io.stderr.write(`${provider}: ${reason}\n`);
  return unavailable.length === ids.length ? ExitCode.failure : ExitCode.ok;
}
