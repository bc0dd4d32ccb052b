import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configJsonSchema,
  createImageClientFromConfig,
  InvalidRequestError,
  parseProviderString,
  registerMiddleware,
  registerProvider,
} from '@pictor/core';
import { loadConfig } from '@pictor/core/node';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';

describe('provider strings', () => {
  it('parse id, model (with colons and slashes) and query options', () => {
    expect(parseProviderString('workers-ai:@cf/black-forest-labs/flux-1-schnell')).toEqual({
      id: 'workers-ai',
      model: '@cf/black-forest-labs/flux-1-schnell',
      options: {},
    });
    expect(parseProviderString('onnx:./models/sd-turbo?ep=cuda&threads=2')).toEqual({
      id: 'onnx',
      model: './models/sd-turbo',
      options: { ep: 'cuda', threads: '2' },
    });
    expect(parseProviderString('onnx:C:/models/x?ep=cuda&ep=cpu').options).toEqual({ ep: ['cuda', 'cpu'] });
    expect(parseProviderString('tfjs:emoji')).toEqual({ id: 'tfjs', model: 'emoji', options: {} });
  });
});

describe('createImageClientFromConfig', () => {
  it('resolves providers and middleware by name, secrets from the environment', async () => {
    const seen: unknown[] = [];
    registerProvider({
      id: 'cfgtest',
      secretSettings: ['apiToken'],
      create: (config) => {
        seen.push(config);
        return mockProvider({ provider: 'cfgtest', modelId: config.model });
      },
    });
    const client = await createImageClientFromConfig(
      {
        provider: { id: 'cfgtest', model: 'm1', settings: { apiToken: { env: 'CFG_TOKEN' }, region: 'eu' } },
        middleware: [
          { use: 'retry', maxRetries: 1 },
          { use: 'timeout', ms: 5_000 },
          { use: 'cache' },
          { use: 'concurrency', limit: 2 },
        ],
      },
      { env: { CFG_TOKEN: 'token-from-env-123' } },
    );
    const result = await client.generate({ prompt: 'a' });
    expect(result.provider).toBe('cfgtest');
    expect(result.modelId).toBe('m1');
    expect(seen[0]).toMatchObject({ settings: { apiToken: 'token-from-env-123', region: 'eu' } });
  });

  it('accepts { env } references only in settings declared secret; anywhere else names the path', async () => {
    registerProvider({ id: 'plain', create: () => mockProvider({ provider: 'plain' }) });
    registerMiddleware({ name: 'notice', create: () => ({ name: 'notice' }) });
    const env = { CFG_TOKEN: 'token-from-env-456' };
    const cases: [unknown, string][] = [
      [
        { provider: { id: 'plain', model: 'm', settings: { apiToken: { env: 'CFG_TOKEN' } } } },
        'provider.settings.apiToken',
      ],
      [
        { provider: 'plain:m', middleware: [{ use: 'notice', copyright: { env: 'CFG_TOKEN' } }] },
        'middleware[0].copyright',
      ],
      [
        { provider: 'plain:m', middleware: [{ use: 'retry', maxRetries: { env: 'CFG_TOKEN' } }] },
        'middleware[0].maxRetries',
      ],
      [
        {
          provider: 'plain:m',
          middleware: [
            {
              use: 'fallback',
              providers: [{ id: 'plain', model: 'x', settings: { a: [{ env: 'CFG_TOKEN' }] } }],
            },
          ],
        },
        'middleware[0].providers[0].settings.a[0]',
      ],
    ];
    for (const [config, field] of cases) {
      const error = await createImageClientFromConfig(config, { env }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(InvalidRequestError.isInstance(error), field).toBe(true);
      expect((error as InvalidRequestError).field).toBe(field);
      expect((error as Error).message).toContain('declared secret');
    }
  });

  it('resolves nested providers for fallback and registered middleware packages', async () => {
    registerProvider({
      id: 'broken',
      create: () => mockProvider({ provider: 'broken', fail: new Error('down') }),
    });
    registerProvider({ id: 'works', create: () => mockProvider({ provider: 'works' }) });
    registerMiddleware({
      name: 'stamp',
      create: (options) => ({
        name: 'stamp',
        wrapGenerate: async (next, r) => {
          const result = await next(r);
          for (const image of result.images) image.annotations.stamp = options.label;
          return result;
        },
      }),
    });
    const client = await createImageClientFromConfig(
      {
        provider: 'broken:x',
        middleware: [
          { use: 'stamp', label: 'hi' },
          { use: 'fallback', providers: ['works:y'] },
        ],
      },
      { env: {} },
    );
    const result = await client.generate({ prompt: 'a' });
    expect(result.providerMetadata?.fallback).toMatchObject({ answeredBy: { provider: 'works' } });
    expect(result.images[0]!.annotations.stamp).toBe('hi');
  });

  it('publishes a JSON Schema of the config', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['provider', 'middleware', 'strict']),
    );
  });
});

describe('loadConfig', () => {
  it('prefers an explicit file, then PICTOR_CONFIG, then ./pictor.config.json, then PICTOR_PROVIDER', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictor-cfg-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ provider: 'tfjs:a' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ provider: 'tfjs:b' }));
    writeFileSync(join(dir, 'pictor.config.json'), JSON.stringify({ middleware: [{ use: 'retry' }] }));
    const env = { PICTOR_CONFIG: 'b.json', PICTOR_PROVIDER: 'tfjs:env' };
    expect((await loadConfig({ file: 'a.json', cwd: dir, env })).config.provider).toBe('tfjs:a');
    expect((await loadConfig({ cwd: dir, env })).config.provider).toBe('tfjs:b');
    const local = await loadConfig({ cwd: dir, env: { PICTOR_PROVIDER: 'tfjs:env' } });
    expect(local.config).toEqual({ middleware: [{ use: 'retry' }], provider: 'tfjs:env' });
    const empty = mkdtempSync(join(tmpdir(), 'pictor-cfg-empty-'));
    expect(await loadConfig({ cwd: empty, env: { PICTOR_PROVIDER: 'tfjs:env' } })).toEqual({
      config: { provider: 'tfjs:env' },
      source: 'env:PICTOR_PROVIDER',
    });
    expect(await loadConfig({ cwd: empty, env: {} })).toEqual({ config: {}, source: 'default' });
    expect((await loadConfig({ cwd: empty, env: { PICTOR_CONFIG: '{"strict":true}' } })).config).toEqual({
      strict: true,
    });
  });
});
