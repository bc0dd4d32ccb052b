// Every adapter has one shape (docs/contributing.md): createX(settings) + a default instance x +
// xSettingsSchema + xProviderOptionsSchema (strict: a misspelt key is refused) + a model catalogue
// xModels + VERSION from package.json. This loads each adapter package and checks it.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Capabilities } from '@pictor/core';
import * as onnxPackage from '@pictor/onnx';
import * as tfjsPackage from '@pictor/tfjs';
import * as workersAIPackage from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';

const adapters = [
  { folder: 'workers-ai', prefix: 'workersAI', create: 'createWorkersAI', module: workersAIPackage },
  { folder: 'onnx', prefix: 'onnx', create: 'createOnnx', module: onnxPackage },
  { folder: 'tfjs', prefix: 'tfjs', create: 'createTfjs', module: tfjsPackage },
] as const;

interface Schema {
  safeParse(value: unknown): { success: boolean };
}

const isSchema = (value: unknown): value is Schema =>
  typeof (value as Schema | undefined)?.safeParse === 'function';

for (const adapter of adapters) {
  describe(`@pictor/${adapter.folder} has the adapter shape`, () => {
    const exports = adapter.module as unknown as Record<string, unknown>;

    it(`exports ${adapter.create}(settings) and the default instance ${adapter.prefix}`, () => {
      expect(exports[adapter.create]).toBeTypeOf('function');
      expect(exports[adapter.prefix]).toBeTypeOf('function');
    });

    it(`exports ${adapter.prefix}SettingsSchema and a strict ${adapter.prefix}ProviderOptionsSchema`, () => {
      expect(isSchema(exports[`${adapter.prefix}SettingsSchema`])).toBe(true);
      const providerOptions = exports[`${adapter.prefix}ProviderOptionsSchema`];
      expect(isSchema(providerOptions)).toBe(true);
      expect((providerOptions as Schema).safeParse({}).success).toBe(true);
      // A misspelt key is refused, never silently ignored.
      expect((providerOptions as Schema).safeParse({ shceduler: 'euler' }).success).toBe(false);
    });

    it(`exports its catalogue ${adapter.prefix}Models with capabilities`, () => {
      const catalogue = exports[`${adapter.prefix}Models`] as
        | Record<string, { capabilities: Capabilities }>
        | { capabilities: Capabilities }[];
      const entries = Array.isArray(catalogue) ? catalogue : Object.values(catalogue);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.capabilities.maxImagesPerCall).toBeGreaterThanOrEqual(1);
        expect(entry.capabilities.defaultSize.width).toBeGreaterThan(0);
      }
    });

    it('exports VERSION, injected from package.json into the build', async () => {
      expect(exports.VERSION).toBeTypeOf('string');
      const root = new URL(`../../packages/${adapter.folder}/`, import.meta.url);
      const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
        version: string;
      };
      const built = (await import(pathToFileURL(fileURLToPath(new URL('dist/index.js', root))).href)) as {
        VERSION: string;
      };
      expect(built.VERSION).toBe(version);
    });
  });
}
