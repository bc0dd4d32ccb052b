import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@pictor/source'] },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: { name: 'ai-sdk', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
