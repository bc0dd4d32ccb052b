import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cloudflare: 'src/cloudflare/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['bullmq', 'ioredis'],
});
