import { defineConfig } from 'vitest/config';

// The conformance suite over the broken adapters; driven by ../broken-adapters.test.ts, never by the
// workspace run (its tests are meant to fail).
export default defineConfig({
  resolve: { conditions: ['@pictor/source'] },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: {
    setupFiles: ['../../support/no-stray-console.ts'],
    root: import.meta.dirname,
    include: ['suites.conformance.ts'],
    testTimeout: 30_000,
  },
});
