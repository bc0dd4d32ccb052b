import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One project per package, example and the cross-package suite in test/.
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
