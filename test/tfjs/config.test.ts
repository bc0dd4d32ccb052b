import {
  createImageClientFromConfig,
  InvalidRequestError,
  ModelLoadError,
  resolveProvider,
} from '@pictor/core';
import { providerFromConfig } from '@pictor/tfjs';
import { describe, expect, it } from 'vitest';
import { rejection } from './helpers.js';

const importModule = (name: string) => import(/* @vite-ignore */ name) as Promise<Record<string, unknown>>;

describe('tfjs in the config registry', () => {
  it('with no provider configured, the default is tfjs:emoji and it draws', async () => {
    const client = await createImageClientFromConfig({}, { importModule, env: {} });
    const result = await client.generate({ prompt: 'a red apple', seed: 1 });
    expect(result.provider).toBe('tfjs');
    expect(result.modelId).toBe('emoji');
    expect(result.images[0]!.width).toBe(32);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(result.providerMetadata?.tfjs?.backend);
    await client.dispose();
  });

  it('takes options from the provider string', async () => {
    const provider = await resolveProvider('tfjs:emoji?backend=cpu&size=64&upscaler=nearest', {
      importModule,
      env: {},
    });
    expect(provider.capabilities.defaultSize).toEqual({ width: 64, height: 64 });
    const result = await provider.generate({ prompt: 'sun', seed: 3 }, {});
    expect(result.providerMetadata?.tfjs).toMatchObject({ backend: 'cpu', upscaler: 'nearest ×2' });
    await provider.dispose?.();
  });

  it('bad options and unknown models name the field', async () => {
    const context = { env: {}, resolveProvider: () => Promise.reject(new Error('unused')) };
    const badBackend = await rejection(
      Promise.resolve().then(() =>
        providerFromConfig({ id: 'tfjs', model: 'emoji', options: { backend: 'gpu' } }, context),
      ),
    );
    expect((badBackend as InvalidRequestError).field).toBe('provider.options.backend');
    const badSize = await rejection(
      Promise.resolve().then(() =>
        providerFromConfig({ id: 'tfjs', model: 'emoji', options: { size: 100 } }, context),
      ),
    );
    expect((badSize as InvalidRequestError).field).toBe('options.size');
    const unknown = await rejection(
      Promise.resolve().then(() => providerFromConfig({ id: 'tfjs', model: 'no-such-model' }, context)),
    );
    expect(InvalidRequestError.isInstance(unknown)).toBe(true);
    expect((unknown as InvalidRequestError).field).toBe('model');
  });

  it('a backend that is not installed fails the call with a typed error saying what to install', async () => {
    const provider = await resolveProvider('tfjs:emoji?backend=node-gpu', { importModule, env: {} });
    const error = await rejection(provider.generate({ prompt: 'apple' }, {}));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-node-gpu');
  });
});
