import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@pictor/source'] },
  ssr: { resolve: { conditions: ['@pictor/source'] } },
  test: { name: 'example-ai-sdk', include: ['*.test.ts'], testTimeout: 120_000 },
});
