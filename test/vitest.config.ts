import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@pictor/source'] },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: {
    setupFiles: ['support/no-stray-console.ts'],
    name: 'integration',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/**'],
    testTimeout: 120_000,
  },
});
