import { ModelLoadError, type ModuleImporter } from '@pictor/core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, selectBackend } from './backend.js';

const realImport: ModuleImporter = async (name) => {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (error) {
    // The test runner words a missing package "Could not resolve"; make it look as Node reports it.
    throw Object.assign(new Error(`Cannot find package '${name}'`, { cause: error }), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  }
};

/** The real importer, with some packages reported as not installed (what a missing package looks like to Node). */
const without =
  (...missing: string[]): ModuleImporter =>
  (name) => {
    if (missing.includes(name)) {
      return Promise.reject(
        Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' }),
      );
    }
    return realImport(name);
  };

describe('selectBackend', () => {
  it('auto: tries node-gpu, node, wasm, cpu in that order and takes the first that works', async () => {
    expect(BACKEND_ORDER.map((r) => r.route)).toEqual(['node-gpu', 'node', 'wasm', 'cpu']);
    const selected = await selectBackend('auto');
    // tfjs-node(-gpu) cannot be installed on this machine; wasm is installed and works.
    expect(selected.route).toBe('wasm');
    expect(selected.backend).toBe('wasm');
    expect(selected.tf.getBackend()).toBe('wasm');
    expect(selected.skipped.map((s) => s.route)).toEqual(['node-gpu', 'node']);
    expect(selected.skipped[0]!.reason).toContain('npm install @tensorflow/tfjs-node-gpu');
    expect(selected.skipped[1]!.reason).toContain('npm install @tensorflow/tfjs-node');
  });

  it('auto: falls back to cpu when the wasm package is missing', async () => {
    const selected = await selectBackend('auto', { importModule: without('@tensorflow/tfjs-backend-wasm') });
    expect(selected.route).toBe('cpu');
    expect(selected.tf.getBackend()).toBe('cpu');
    expect(selected.skipped.map((s) => s.route)).toEqual(['node-gpu', 'node', 'wasm']);
  });

  it('a named backend is used as asked, or fails with what to install', async () => {
    expect((await selectBackend('cpu')).tf.getBackend()).toBe('cpu');
    expect((await selectBackend('wasm')).tf.getBackend()).toBe('wasm');
    const error = await selectBackend('node').catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /tfjs backend "node" is not available.*npm install @tensorflow\/tfjs-node/,
    );
  });

  it('with no tfjs at all, says what to install', async () => {
    const error = await selectBackend('auto', {
      importModule: without('@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'),
    }).catch((e: unknown) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm');
  });
});
