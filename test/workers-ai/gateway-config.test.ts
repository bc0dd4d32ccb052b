// AI Gateway URL and headers, settings (REST vs binding, env defaults), providerOptions, the config
// registry and an undici dispatcher, against the fake server.
import {
  AuthenticationError,
  createImageClient,
  createImageClientFromConfig,
  InvalidRequestError,
  ProviderError,
} from '@pictor/core';
import { createWorkersAI, createWorkersAIFromEnv, workersAI } from '@pictor/workers-ai';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { useFakeWorkersAI } from './use-fake.js';

const fake = useFakeWorkersAI();

const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';

describe('AI Gateway', () => {
  it('uses the gateway URL and cf-aig-* headers, and reports cache status and log id', async () => {
    const provider = createWorkersAI({
      ...fake.settings,
      gateway: {
        id: 'my-gateway',
        cacheTtl: 3600,
        skipCache: true,
        metadata: { user: 'u1', n: 2 },
        collectLog: false,
        authorization: 'gateway-secret-abcdef',
      },
    })(SDXL);
    const result = await createImageClient({ provider }).generate({ prompt: 'x', width: 256, height: 256 });
    const request = fake.requests[0]!;
    expect([request.route, request.gatewayId]).toEqual(['gateway', 'my-gateway']);
    expect(request.headers).toMatchObject({
      'cf-aig-cache-ttl': '3600',
      'cf-aig-skip-cache': 'true',
      'cf-aig-metadata': '{"user":"u1","n":2}',
      'cf-aig-collect-log': 'false',
      'cf-aig-authorization': 'Bearer gateway-secret-abcdef',
      authorization: `Bearer ${fake.token}`,
    });
    expect(result.providerMetadata?.['workers-ai']).toEqual({
      transport: 'rest',
      gateway: { id: 'my-gateway', cacheStatus: 'MISS', logId: 'log-fake-1' },
    });
  });

  it('a per-call gateway in providerOptions overrides the default; no gateway means the REST URL', async () => {
    const client = createImageClient({ provider: createWorkersAI(fake.settings)(SDXL) });
    await client.generate({
      prompt: 'x',
      width: 256,
      height: 256,
      providerOptions: { 'workers-ai': { gateway: { id: 'per-call', cacheKey: 'k1' } } },
    });
    await client.generate({ prompt: 'x', width: 256, height: 256 });
    expect(fake.requests.map((r) => r.route)).toEqual(['gateway', 'rest']);
    expect(fake.requests[0]!.headers['cf-aig-cache-key']).toBe('k1');
  });

  it('FLUX.2 multipart through a gateway fails with a clear, non-retryable explanation', async () => {
    const provider = createWorkersAI({ ...fake.settings, gateway: { id: 'default' } })(
      '@cf/black-forest-labs/flux-2-klein-4b',
    );
    const error = await createImageClient({ provider })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).isRetryable).toBe(false);
    expect((error as Error).message).toMatch(/multipart \(FLUX\.2\) requests fail through AI Gateway/);
  });
});

describe('settings and options', () => {
  it('the default provider reads the environment at the first call, naming what is missing, before any request', async () => {
    expect(typeof workersAI(SDXL).generate).toBe('function'); // creating it reads nothing
    const noAccount = createWorkersAIFromEnv({})(SDXL);
    const error = await createImageClient({ provider: noAccount })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error) && error.field).toBe('CLOUDFLARE_ACCOUNT_ID');
    const noToken = createWorkersAIFromEnv({ CLOUDFLARE_ACCOUNT_ID: fake.accountId })(SDXL);
    const tokenError = await createImageClient({ provider: noToken })
      .generate({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(tokenError)).toBe(true);
    expect((tokenError as Error).message).toContain('CLOUDFLARE_API_TOKEN');
    expect(fake.requests).toHaveLength(0);
    const ok = createWorkersAIFromEnv(
      { CLOUDFLARE_ACCOUNT_ID: fake.accountId, CLOUDFLARE_API_TOKEN: fake.token },
      { baseURL: fake.baseURL },
    )(SDXL);
    expect(
      (await createImageClient({ provider: ok }).generate({ prompt: 'x', width: 256, height: 256 })).images,
    ).toHaveLength(1);
  });

  it('REST settings and a binding cannot be mixed (a type error, and an error at run time)', () => {
    const binding = { run: async () => ({}) };
    // @ts-expect-error mixing binding with REST credentials is a type error
    expect(() => createWorkersAI({ binding, accountId: 'abc', apiToken: 'x' })).toThrow(InvalidRequestError);
    // @ts-expect-error the REST settings need an apiToken
    expect(() => createWorkersAI({ accountId: 'abc' })).toThrow(AuthenticationError);
    expect(() => createWorkersAI({ binding: {} as never })).toThrow(/binding/);
  });

  it('an unknown model id and bad providerOptions are InvalidRequestErrors before any request', async () => {
    const provider = createWorkersAI(fake.settings);
    expect(() => provider('@cf/black-forest-labs/flux-3')).toThrow(/modelId/);
    const client = createImageClient({ provider: provider(SDXL) });
    const error = await client
      .generate({ prompt: 'x', providerOptions: { 'workers-ai': { tags: ['a', 'b', 'c', 'd', 'e', 'f'] } } })
      .catch((e: unknown) => e);
    expect((error as InvalidRequestError).field).toBe('providerOptions.workers-ai.tags');
    const unknown = await client
      .generate({ prompt: 'x', providerOptions: { 'workers-ai': { sed: 1 } } })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(unknown)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('rejectIfBusy goes into the body as options.rejectIfBusy', async () => {
    const client = createImageClient({
      provider: createWorkersAI(fake.settings)('@cf/black-forest-labs/flux-1-schnell'),
    });
    await client.generate({ prompt: 'x', providerOptions: { 'workers-ai': { rejectIfBusy: true } } });
    expect(fake.requests[0]!.json).toEqual({ prompt: 'x', options: { rejectIfBusy: true } });
  });

  it('an undici dispatcher is used when given (undici imported lazily)', async () => {
    const agent = new Agent({ connections: 2 });
    let dispatched = 0;
    const counting = agent.compose((dispatch) => (options, handler) => {
      dispatched++;
      return dispatch(options, handler);
    });
    const client = createImageClient({
      provider: createWorkersAI({ ...fake.settings, dispatcher: counting })(SDXL),
    });
    await client.generate({ prompt: 'x', width: 256, height: 256 });
    expect(dispatched).toBe(1);
    await agent.close();
  });
});

describe('config registry', () => {
  const importModule = (id: string) => import(id) as Promise<Record<string, unknown>>;

  it('workers-ai:@cf/… resolves with { env } secret refs and generates', async () => {
    const client = await createImageClientFromConfig(
      {
        provider: {
          id: 'workers-ai',
          model: SDXL,
          settings: {
            accountId: { env: 'MY_ACCOUNT' },
            apiToken: { env: 'MY_TOKEN' },
            baseURL: fake.baseURL,
          },
        },
      },
      { env: { MY_ACCOUNT: fake.accountId, MY_TOKEN: fake.token }, importModule },
    );
    expect((await client.generate({ prompt: 'x', width: 256, height: 256 })).images).toHaveLength(1);
  });

  it('a provider string with ?gateway= uses the env defaults and the gateway', async () => {
    const client = await createImageClientFromConfig(
      {
        provider: {
          id: 'workers-ai',
          model: SDXL,
          settings: { baseURL: fake.baseURL, gatewayBaseURL: fake.gatewayBaseURL },
          options: { gateway: 'gw1', cacheTtl: '600' },
        },
      },
      { env: { CLOUDFLARE_ACCOUNT_ID: fake.accountId, CLOUDFLARE_API_TOKEN: fake.token }, importModule },
    );
    await client.generate({ prompt: 'x', width: 256, height: 256 });
    expect(fake.requests[0]).toMatchObject({ route: 'gateway', gatewayId: 'gw1' });
    expect(fake.requests[0]!.headers['cf-aig-cache-ttl']).toBe('600');
  });

  it('missing credentials and bad settings name their config path', async () => {
    const missing = await createImageClientFromConfig(
      { provider: `workers-ai:${SDXL}` },
      { env: {}, importModule },
    ).catch((e: unknown) => e);
    expect((missing as InvalidRequestError).field).toBe('provider.settings.accountId');
    const bad = await createImageClientFromConfig(
      {
        provider: {
          id: 'workers-ai',
          model: SDXL,
          settings: { accountId: fake.accountId, apiToken: fake.token, colour: 'red' },
        },
      },
      { env: {}, importModule },
    ).catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(bad) && bad.field.startsWith('provider.settings')).toBe(true);
    expect(String((bad as Error).message)).not.toContain(fake.token);
  });
});

describe('log tags', () => {
  it('over REST are not sent, and a warning says so (per call and per model)', async () => {
    const provider = createWorkersAI(fake.settings);
    const perCall = await createImageClient({ provider: provider(SDXL) }).generate({
      prompt: 'x',
      providerOptions: { 'workers-ai': { tags: ['docs'] } },
    });
    expect(perCall.warnings).toContainEqual(
      expect.objectContaining({ type: 'unsupported', field: 'providerOptions.workers-ai.tags' }),
    );
    const perModel = await createImageClient({ provider: provider(SDXL, { tags: ['docs'] }) }).generate({
      prompt: 'x',
    });
    expect(perModel.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'tags' }));
    const untagged = await createImageClient({ provider: provider(SDXL) }).generate({ prompt: 'x' });
    expect(untagged.warnings.filter((w) => w.type === 'unsupported')).toEqual([]);
    expect(fake.requests).toHaveLength(3);
    expect(JSON.stringify(fake.requests.map((r) => [r.json, r.headers]))).not.toContain('docs');
  });

  it('through the binding are sent, without a warning', async () => {
    const seen: unknown[] = [];
    const binding = {
      run: async (_model: string, _inputs: unknown, options?: unknown) => {
        seen.push(options);
        return (await import('@pictor/core')).encodePng({
          width: 8,
          height: 8,
          data: new Uint8Array(256).fill(90),
        });
      },
    };
    const result = await createImageClient({
      provider: createWorkersAI({ binding })(SDXL, { tags: ['docs'] }),
    }).generate({
      prompt: 'x',
    });
    expect(seen[0]).toMatchObject({ tags: ['docs'] });
    expect(result.warnings.filter((w) => w.type === 'unsupported')).toEqual([]);
  });
});
