// Mutation testing (StrykerJS, vitest runner): `pnpm mutation`, or `pnpm mutation --mutate <glob>`
// for a slice. The scope is core's client and middleware and the Workers AI request path; the tests
// are core's own and the Workers AI suites against the fake server (vitest.mutation.config.ts).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'packages/core/src/client/*.ts',
    'packages/core/src/middleware/*.ts',
    'packages/workers-ai/src/image-model.ts',
    'packages/workers-ai/src/provider.ts',
    'packages/workers-ai/src/models/*.ts',
    '!**/*.test.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
