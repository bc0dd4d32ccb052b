// Generates docs/configuration.md and docs/pictor.config.schema.json from the zod schemas of core,
// the adapters and the middleware packages (z.toJSONSchema), so the reference cannot drift.
// Run: node --conditions=@pictor/source --import tsx scripts/gen-config-docs.ts   (--check: exit 1 if stale)
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configReferenceMarkdown, configSchemaJson } from '../packages/cli/src/config/config-reference.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated files and their contents. */
export async function generatedConfigDocs(): Promise<[path: string, text: string][]> {
  return [
    [join(root, 'docs/configuration.md'), await configReferenceMarkdown()],
    [join(root, 'docs/pictor.config.schema.json'), configSchemaJson()],
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  for (const [path, text] of await generatedConfigDocs()) {
    if (!check) {
      await writeFile(path, text);
      console.log(`wrote ${path}`);
    } else if ((await readFile(path, 'utf8').catch(() => '')) !== text) {
      console.error(
        `${path} is out of date; run: node --conditions=@pictor/source --import tsx scripts/gen-config-docs.ts`,
      );
      process.exitCode = 1;
    }
  }
}
