// `pnpm --filter @pictor/hallucination-check eval [name…]`: runs the evaluation sets and prints precision/recall.
// Results are saved to eval/results/<name>.json; docs/hallucination-check.md publishes them.
const all = ['scenes', 'photos', 'degenerate', 'alignment', 'objects', 'anatomy', 'near-duplicate'];
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
for (const name of names) {
  if (!all.includes(name)) throw new Error(`unknown evaluation ${name} (known: ${all.join(', ')})`);
  console.log(`\n## ${name}\n`);
  const module = (await import(`./${name}.eval.js`)) as { default: () => Promise<unknown> };
  await module.default();
}
