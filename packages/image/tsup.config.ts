import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // import.meta.url in the CommonJS build (the codecs' WebAssembly files are found from it on Node).
  shims: true,
  // The codecs stay separate modules, imported on first use, so a Worker bundle picks up only what it uses.
  external: [/^@jsquash\//, 'jpeg-js'],
});
