import { defineConfig } from 'vitest/config';

// PICTOR_TEST_REPORT=path adds a JSON report (CI reads its pass/fail counts).
const report = process.env.PICTOR_TEST_REPORT;

export default defineConfig({
  test: {
    // One project per package, example and the cross-package suite in test/.
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts', 'test/vitest.config.ts'],
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
