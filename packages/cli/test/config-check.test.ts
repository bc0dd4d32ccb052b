import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../src/config/check-config.js';
import { jsonLocations } from '../src/config/json-locations.js';

const text = (value: unknown) => JSON.stringify(value, null, 2);

describe('checkConfigText', () => {
  it('finds nothing wrong in a good config', async () => {
    const config = {
      provider: 'tfjs:emoji',
      middleware: [{ use: 'retry', maxRetries: 2 }, { use: 'licence-tagging' }],
    };
    expect(await checkConfigText(text(config), {})).toEqual([]);
  });

  it('checks the middleware packages’ own options, with the path', async () => {
    const problems = await checkConfigText(
      text({
        middleware: [
          { use: 'hallucination-check', policy: { type: 'reroll', maxAttempts: 0 } },
          { use: 'licence-tagging', includePrompt: 'yes' },
        ],
      }),
      {},
    );
    expect(problems.map((p) => [p.severity, p.path])).toEqual([
      ['error', 'middleware[0].policy.maxAttempts'],
      ['error', 'middleware[1].includePrompt'],
    ]);
  });

  it('checks fallback providers and suggests close names', async () => {
    const problems = await checkConfigText(
      text({ provider: 'tfsj:emoji', middleware: [{ use: 'fallback', providers: ['onxx:emoji'] }] }),
      {},
    );
    expect(problems.map((p) => p.path)).toEqual(['provider', 'middleware[0].providers[0]']);
    expect(problems[0]!.message).toContain('did you mean "tfjs"?');
    expect(problems[1]!.message).toContain('did you mean "onnx"?');
  });

  it('warns about unset { "env" } references and about order, without failing', async () => {
    const config = {
      provider: {
        id: 'workers-ai',
        model: '@cf/black-forest-labs/flux-1-schnell',
        settings: { apiToken: { env: 'MY_TOKEN' } },
      },
      middleware: [{ use: 'hallucination-check' }, { use: 'retry' }, { use: 'cache' }],
    };
    const problems = await checkConfigText(text(config), { MY_TOKEN: undefined });
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'environment variable MY_TOKEN is not set here',
        expect.stringContaining('cache is inside retry'),
        expect.stringContaining('retry is inside hallucination-check'),
      ]),
    );
    expect(await checkConfigText(text(config), { MY_TOKEN: 'set' })).not.toContainEqual(
      expect.objectContaining({ message: 'environment variable MY_TOKEN is not set here' }),
    );
  });

  it('refuses { "env" } references outside settings declared secret, naming the path', async () => {
    const config = {
      provider: { id: 'workers-ai', model: 'm', settings: { apiToken: { env: 'T' }, baseURL: { env: 'T' } } },
      middleware: [
        { use: 'licence-tagging', copyrightNotice: { env: 'T' } },
        {
          use: 'fallback',
          providers: [{ id: 'workers-ai', model: 'm', settings: { apiToken: { env: 'T' } } }],
        },
      ],
    };
    const problems = await checkConfigText(text(config), { T: 'set' });
    const refused = problems.filter((p) => p.severity === 'error' && p.message.includes('declared secret'));
    expect(refused.map((p) => p.path)).toEqual([
      'provider.settings.baseURL',
      'middleware[0].copyrightNotice',
    ]);
  });

  it('reports a secret written in the file without repeating it', async () => {
    const problems = await checkConfigText(
      text({ provider: { id: 'workers-ai', model: 'm', settings: { apiToken: 'cf-live-0123456789' } } }),
      {},
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      path: 'provider.settings',
      location: { line: 6, column: 7 },
    });
    expect(JSON.stringify(problems)).not.toContain('cf-live-0123456789');
  });
});

describe('jsonLocations', () => {
  it('maps paths to the line and column of their key (or value, in arrays)', () => {
    const locations = jsonLocations('{\n  "a": [1, {"b": "x\\"y"}],\n  "c": {"d": null}\n}');
    expect(locations.get('a')).toEqual({ line: 2, column: 3 });
    expect(locations.get('a[1]')).toEqual({ line: 2, column: 12 });
    expect(locations.get('a[1].b')).toEqual({ line: 2, column: 13 });
    expect(locations.get('c.d')).toEqual({ line: 3, column: 9 });
  });
});
