import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// VERSION is injected from package.json (src/version.ts).
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __PICTOR_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    define,
    format: ['esm', 'cjs'],
    // One file per format: the library entry loads its commands inline.
    splitting: false,
    dts: true,
    // No clean: the two builds write to dist at the same time, and cleaning in one could remove the other's files.
    clean: false,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The executable: ESM only, with a shebang; dependencies stay external (installed beside it).
    entry: { cli: 'src/cli.ts' },
    define,
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Commands are separate chunks, loaded when used: `pictor --version` does not load the SDK.
    splitting: true,
  },
]);
