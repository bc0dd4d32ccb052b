import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// VERSION is injected from package.json (src/version.ts).
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __PICTOR_VERSION__: JSON.stringify(version) },
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // import.meta.url (used to find the upscaler packages' files) in the CommonJS build.
  shims: true,
  target: 'node20',
  external: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-node-gpu',
  ],
});
