// `pnpm bench [filter]`: runs every test/bench/*.bench.ts (or those whose name contains the filter),
// prints each figure, and writes them to test/bench/results/<name>.json for docs/benchmarks.md.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
mkdirSync(join(here, 'results'), { recursive: true });
const format = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n## ${name}`);
  try {
    const module = (await import(pathToFileURL(join(here, file)).href)) as {
      default: () => Promise<BenchFigure[]>;
    };
    const figures = await module.default();
    for (const f of figures) {
      const base = f.baseline
        ? ` | baseline ${f.baseline.name}: ${format(f.baseline.value)} ${f.baseline.unit}`
        : '';
      const ratio = f.ratio !== undefined ? ` | ratio ${f.ratio.toFixed(3)}` : '';
      const goal = f.goal ? ` | goal ${f.goal}: ${f.met ? 'met' : 'NOT met'}` : '';
      console.log(
        `- ${f.name}: ${format(f.value)} ${f.unit}${base}${ratio}${goal}${f.note ? ` (${f.note})` : ''}`,
      );
    }
    writeFileSync(
      join(here, 'results', `${name}.json`),
      `${JSON.stringify({ name, date: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
    );
  } catch (error) {
    failed++;
    console.error(`bench ${name} failed:`, error);
  }
}
process.exitCode = failed ? 1 : 0;
