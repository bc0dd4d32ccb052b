// Tests that pin what `fallback` promises beyond the happy path: which first-provider errors stop
// the chain, the exact answer warning, what a fallback provider is handed (call options, the
// caller's abort), and the seed it is given. Each was written against a mutant that survived
// `pnpm mutation --mutate packages/core/src/middleware/fallback.ts`.
import {
  AbortError,
  createImageClient,
  fallback,
  HallucinationCheckError,
  type ImageProvider,
  type Middleware,
  ProviderError,
  wrapProvider,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from './helpers.js';

const down = () => new ProviderError('down', { status: 503 });

describe('fallback: which errors of the first provider move on', () => {
  it('an abort of the first provider stops the chain (through wrapProvider, no client race)', async () => {
    const primary = mockProvider({ provider: 'primary', fail: new AbortError('stopped') });
    const backup = mockProvider({ provider: 'backup' });
    const wrapped = wrapProvider(primary, fallback({ providers: [backup] }));
    const error = await rejectionOf(wrapped.generate({ prompt: 'a', seed: 1 }, {}));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(backup.calls).toHaveLength(0);
  });

  it('a failed hallucination check of the first provider stops the chain', async () => {
    const primary = mockProvider({
      provider: 'primary',
      fail: new HallucinationCheckError('the image shows no apple', []),
    });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }));
    expect(HallucinationCheckError.isInstance(error)).toBe(true);
    expect(backup.calls).toHaveLength(0);
  });

  it('any other Pictor error and a plain error move on', async () => {
    for (const fail of [down(), new Error('boom')]) {
      const primary = mockProvider({ provider: 'primary', fail });
      const backup = mockProvider({ provider: 'backup' });
      const client = createImageClient({
        provider: primary,
        middleware: [fallback({ providers: [backup] })],
      });
      const result = await client.generate({ prompt: 'a', seed: 1 });
      expect(backup.calls).toHaveLength(1);
      expect(result.providerMetadata?.fallback).toMatchObject({ answeredBy: { provider: 'backup' } });
    }
  });

  it('a custom shouldFallback decides, and sees the first provider’s error', async () => {
    const seen: unknown[] = [];
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({
      provider: primary,
      middleware: [
        fallback({
          providers: [backup],
          shouldFallback: (error) => {
            seen.push(error);
            return false;
          },
        }),
      ],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }));
    expect((error as ProviderError).status).toBe(503);
    expect(seen).toHaveLength(1);
    expect((seen[0] as ProviderError).status).toBe(503);
    expect(backup.calls).toHaveLength(0);
  });
});

describe('fallback: what the result says', () => {
  it('the answer warning counts failures and skips, and the metadata lists every attempt', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const failing = mockProvider({
      provider: 'failing',
      fail: new ProviderError('also down', { status: 500 }),
    });
    const tiny = mockProvider({ provider: 'tiny', capabilities: { maxPromptLength: 2 } });
    const backup = mockProvider({ provider: 'backup', modelId: 'b-1' });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [failing, tiny, backup] })],
    });
    const result = await client.generate({ prompt: 'a red apple', seed: 1 });
    const notes = result.warnings.filter((w) => w.type === 'other' && w.source === 'fallback');
    expect(notes.map((w) => (w as { message: string }).message)).toEqual([
      'answered by backup:b-1 after 2 failure(s), 1 skipped',
    ]);
    expect(result.providerMetadata?.fallback).toEqual({
      answeredBy: { provider: 'backup', modelId: 'b-1' },
      attempts: [
        { provider: 'primary', modelId: 'mock-model', error: 'provider_error' },
        { provider: 'failing', modelId: 'mock-model', error: 'provider_error' },
        { provider: 'tiny', modelId: 'mock-model', skipped: expect.stringContaining('prompt') },
        { provider: 'backup', modelId: 'b-1' },
      ],
    });
  });

  it('without skips the warning names only the failures; a first answer adds no warning', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    const result = await client.generate({ prompt: 'a', seed: 1 });
    expect(result.warnings).toContainEqual({
      type: 'other',
      source: 'fallback',
      message: 'answered by backup:mock-model after 1 failure(s)',
    });

    const fine = mockProvider({ provider: 'fine' });
    const direct = createImageClient({ provider: fine, middleware: [fallback({ providers: [backup] })] });
    const first = await direct.generate({ prompt: 'a', seed: 1 });
    expect(first.warnings).toEqual([]);
    expect(first.providerMetadata?.fallback).toEqual({
      answeredBy: { provider: 'fine', modelId: 'mock-model' },
      attempts: [{ provider: 'fine', modelId: 'mock-model' }],
    });
  });

  it('keeps the answering provider’s own metadata and warnings', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const inner = mockProvider({ provider: 'backup' });
    const backup: ImageProvider = {
      ...inner,
      generate: async (request, options) => {
        const result = await inner.generate(request, options);
        return {
          ...result,
          warnings: [{ type: 'other', message: 'from the backup' }],
          providerMetadata: { backup: { id: 7 } },
        };
      },
    };
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    const result = await client.generate({ prompt: 'a', seed: 1 });
    expect(result.providerMetadata?.backup).toEqual({ id: 7 });
    expect(result.warnings).toContainEqual({ type: 'other', message: 'from the backup' });
  });

  it('throws the first provider’s error when every fallback was skipped', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const tiny = mockProvider({ provider: 'tiny', capabilities: { maxPromptLength: 2 } });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [tiny] })] });
    const error = await rejectionOf(client.generate({ prompt: 'a red apple', seed: 1 }));
    expect((error as ProviderError).status).toBe(503);
  });

  it('throws the last fallback’s error when every one failed', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const second = mockProvider({ provider: 'second', fail: new ProviderError('x', { status: 502 }) });
    const third = mockProvider({ provider: 'third', fail: new ProviderError('y', { status: 504 }) });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [second, third] })],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }));
    expect((error as ProviderError).status).toBe(504);
    expect(second.calls).toHaveLength(1);
    expect(third.calls).toHaveLength(1);
  });

  it('a fallback’s plain error is typed as that provider’s ProviderError and moves on', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const plain = mockProvider({ provider: 'plain' });
    const throwing: ImageProvider = {
      ...plain,
      generate: () => {
        throw new TypeError('broken adapter');
      },
    };
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [throwing] })],
    });
    const error = await rejectionOf(client.generate({ prompt: 'a', seed: 1 }));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).message).toBe('plain failed: broken adapter');
    expect((error as ProviderError).provider).toBe('plain');
  });
});

describe('fallback: what a fallback provider is handed', () => {
  it('the caller’s headers reach the fallback provider', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    await client.generate({ prompt: 'a', seed: 1 }, { headers: { 'x-trace': 'abc' } });
    expect(backup.calls[0]!.options.headers).toEqual({ 'x-trace': 'abc' });
  });

  it('the caller’s abort reaches the fallback provider and stops the chain', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const slow = mockProvider({ provider: 'slow', latencyMs: 5_000 });
    const after = mockProvider({ provider: 'after' });
    // Through wrapProvider: no client race, so only fallback's own handling of the signal counts.
    const wrapped = wrapProvider(primary, fallback({ providers: [slow, after] }));
    const controller = new AbortController();
    const pending = rejectionOf(wrapped.generate({ prompt: 'a', seed: 1 }, { signal: controller.signal }));
    while (slow.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const signal = slow.calls[0]!.options.signal;
    expect(signal).toBeDefined();
    controller.abort();
    const error = await pending;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(signal!.aborted).toBe(true);
    expect(after.calls).toHaveLength(0);
  });

  it('an abort between providers stops the chain before the next call', async () => {
    const controller = new AbortController();
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const inner = mockProvider({ provider: 'aborting' });
    const aborting: ImageProvider = {
      ...inner,
      generate: async () => {
        controller.abort();
        throw down();
      },
    };
    const after = mockProvider({ provider: 'after' });
    const wrapped = wrapProvider(primary, fallback({ providers: [aborting, after] }));
    const error = await rejectionOf(
      wrapped.generate({ prompt: 'a', seed: 1 }, { signal: controller.signal }),
    );
    expect(error).toBeDefined();
    expect(after.calls).toHaveLength(0);
  });

  it('a seed the caller chose is kept for a seed-honouring fallback and warned about on a seedless one', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const seeded = mockProvider({ provider: 'seeded', fail: new ProviderError('no', { status: 500 }) });
    const seedless = mockProvider({ provider: 'seedless', capabilities: { seed: false } });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [seeded, seedless] })],
    });
    const result = await client.generate({ prompt: 'x', seed: 42 });
    expect(seeded.calls[0]!.request.seed).toBe(42);
    expect(seedless.calls[0]!.request.seed).toBeUndefined();
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'seed' }));
  });

  it('a drawn seed is not carried to a fallback that honours seeds', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [backup] })] });
    await client.generate({ prompt: 'x' });
    const drawn = primary.calls[0]!.request.seed;
    expect(drawn).toBeTypeOf('number');
    // The backup validates a direct call itself and draws its own seed; it is not handed the primary's.
    expect(backup.calls[0]!.request.seed).not.toBe(drawn);
  });

  it('splits n to a fallback’s per-call maximum and joins the images in order', async () => {
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const single = mockProvider({ provider: 'single', capabilities: { maxImagesPerCall: 1 } });
    const client = createImageClient({ provider: primary, middleware: [fallback({ providers: [single] })] });
    const result = await client.generate({ prompt: 'x', seed: 5, n: 3 });
    expect(single.calls.map((c) => [c.request.n, c.request.seed])).toEqual([
      [1, 5],
      [1, 6],
      [1, 7],
    ]);
    expect(result.images.map((i) => i.seed)).toEqual([5, 6, 7]);
  });

  it('an edit goes to a fallback’s edit, and a fallback that cannot edit is skipped', async () => {
    const { solidPng } = await import('./helpers.js');
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const plain = mockProvider({ provider: 'gen-only' });
    const { edit: _edit, ...noEdit } = plain;
    const editor = mockProvider({ provider: 'editor' });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [noEdit as ImageProvider, editor] })],
    });
    const result = await client.edit({ mode: 'img2img', prompt: 'x', image: await solidPng(8, 8), seed: 1 });
    expect(editor.calls.map((c) => c.operation)).toEqual(['edit']);
    expect(plain.calls).toHaveLength(0);
    expect(result.providerMetadata?.fallback).toMatchObject({
      attempts: [
        { provider: 'primary', error: 'provider_error' },
        { provider: 'gen-only', skipped: 'the model cannot edit images' },
        { provider: 'editor' },
      ],
    });
  });
});

describe('fallback: log lines', () => {
  it('logs each failure (warn) and each skip with its reason (info)', async () => {
    const lines: unknown[] = [];
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const tiny = mockProvider({ provider: 'tiny', capabilities: { maxPromptLength: 2 } });
    const failing = mockProvider({ provider: 'failing', fail: new ProviderError('x', { status: 500 }) });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({
      provider: primary,
      middleware: [fallback({ providers: [tiny, failing, backup] })],
      logger: (...line) => lines.push(line),
    });
    await client.generate({ prompt: 'a red apple', seed: 1 });
    expect(lines).toEqual([
      ['warn', 'fallback: provider failed', { provider: 'primary', modelId: 'mock-model' }],
      [
        'info',
        'fallback: provider skipped',
        { provider: 'tiny', modelId: 'mock-model', reason: expect.stringContaining('prompt') },
      ],
      ['warn', 'fallback: provider failed', { provider: 'failing', modelId: 'mock-model' }],
    ]);
  });
});

describe('fallback: a seed set by a middleware above it', () => {
  it('is the caller’s wish for the fallback, not a drawn seed to drop', async () => {
    const reseed: Middleware = { name: 'reseed', transformRequest: (request) => ({ ...request, seed: 5 }) };
    const primary = mockProvider({ provider: 'primary', fail: down() });
    const backup = mockProvider({ provider: 'backup' });
    const client = createImageClient({
      provider: primary,
      middleware: [reseed, fallback({ providers: [backup] })],
    });
    await client.generate({ prompt: 'x' });
    expect(primary.calls[0]!.request.seed).toBe(5);
    expect(backup.calls[0]!.request.seed).toBe(5);
  });
});
