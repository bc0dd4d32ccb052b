import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The tests a mutation run uses: core's, and the Workers AI suites against the fake server. Not
// test/workers-ai/binding.test.ts: it runs the code bundled inside workerd, where Stryker cannot
// switch a mutant on, so it would cost every mutant a Worker build and kill none.
export default defineConfig({
  resolve: {
    conditions: ['@pictor/source'],
    // The packages by path inside this checkout: Stryker's sandbox links each node_modules folder
    // back to the original checkout, so `@pictor/*` imported from test/ would load the sources
    // without the mutants, and those suites could kill none.
    alias: [
      { find: /^@pictor\/core$/, replacement: here('./packages/core/src/index.ts') },
      { find: /^@pictor\/core\/test$/, replacement: here('./packages/core/src/testing/index.ts') },
      { find: /^@pictor\/core\/internal$/, replacement: here('./packages/core/src/internal/index.ts') },
      { find: /^@pictor\/core\/node$/, replacement: here('./packages/core/src/node/index.ts') },
      { find: /^@pictor\/workers-ai$/, replacement: here('./packages/workers-ai/src/index.ts') },
    ],
  },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: {
    setupFiles: ['test/support/no-stray-console.ts'],
    include: [
      'packages/core/src/**/*.test.ts',
      'packages/core/test/**/*.test.ts',
      'packages/workers-ai/src/**/*.test.ts',
      'packages/workers-ai/test/**/*.test.ts',
      'test/workers-ai/batch.test.ts',
      'test/workers-ai/errors.test.ts',
      'test/workers-ai/fault-injection.test.ts',
      'test/workers-ai/gateway-config.test.ts',
      'test/workers-ai/header-valid-garbage.test.ts',
      'test/workers-ai/models.test.ts',
      'test/core/conformance.test.ts',
    ],
    testTimeout: 60_000,
  },
});
