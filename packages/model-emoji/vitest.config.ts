import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@pictor/source'] },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: {
    setupFiles: ['../../test/support/no-stray-console.ts'],
    name: 'model-emoji',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
