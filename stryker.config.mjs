// Mutation testing (StrykerJS, vitest runner): `pnpm mutation`, or `pnpm mutation --mutate <glob>`
// for a slice. The scope is core's client and middleware and the Workers AI request path; the tests
// are core's own and the Workers AI suites against the fake server (vitest.mutation.config.ts).
//
// - `ignoreStatic`: mutants in module-level code (constants, schemas built at load) would need the
//   whole suite per mutant; they are left out of the score rather than run at that cost.
// - `incremental`: later runs reuse the results of mutants whose code and covering tests did not
//   change. The file (`reports/stryker-incremental.json`) is not committed: it is tied to one
//   checkout's exact sources and would conflict on every merge; a fresh checkout runs in full.
// - `concurrency: 1`: one test process, so a run leaves room for other work on the machine.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // `related: false`: vitest's related-file search misses the suites under test/ (they reach the
  // sources through the workspace packages), so the Workers AI fake-server suites would never run.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'packages/core/src/client/*.ts',
    'packages/core/src/middleware/*.ts',
    'packages/workers-ai/src/image-model.ts',
    'packages/workers-ai/src/provider.ts',
    'packages/workers-ai/src/models/*.ts',
    'packages/workers-ai/src/run/*.ts',
    '!**/*.test.ts',
    '!**/index.ts',
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
