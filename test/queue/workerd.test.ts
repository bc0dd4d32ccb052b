// The Cloudflare cache stores inside real workerd (miniflare), on its simulated KV and R2.
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../support/bundle-worker.js';

let mf: Miniflare;
let nodeImports: string[] = [];

beforeAll(async () => {
  const bundle = await bundleWorker(fileURLToPath(new URL('./worker/cache-worker.ts', import.meta.url)));
  nodeImports = bundle.nodeImports.filter((line) => line.includes('packages/queue/'));
  mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.code }],
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['CACHE'],
    r2Buckets: ['IMAGES'],
  });
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

async function call(query: string) {
  const response = await mf.dispatchFetch(`http://worker/?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { hit: boolean; calls: number; sha256: string; width: number };
}

describe('@pictor/queue/cloudflare inside workerd', () => {
  it('imports nothing Node-only', () => {
    expect(nodeImports).toEqual([]);
  });

  for (const store of ['kv', 'r2'] as const) {
    it(`${store}: the second identical call is a hit with the same bytes`, async () => {
      const first = await call(`store=${store}&prompt=${store}-apple`);
      const second = await call(`store=${store}&prompt=${store}-apple`);
      expect(first.hit).toBe(false);
      expect(second).toMatchObject({ hit: true, calls: first.calls, sha256: first.sha256, width: 32 });
    });
  }

  it('the entries are binary values in KV and objects in R2', async () => {
    // miniflare's binding types are its own; only these methods are used.
    const kv = (await mf.getKVNamespace('CACHE')) as unknown as {
      list(o: { prefix: string }): Promise<{ keys: { name: string }[] }>;
      get(key: string, type: 'arrayBuffer'): Promise<ArrayBuffer | null>;
    };
    const { keys } = await kv.list({ prefix: 'pictor:' });
    expect(keys.length).toBeGreaterThan(0);
    const value = new Uint8Array((await kv.get(keys[0]!.name, 'arrayBuffer'))!);
    expect(new TextDecoder().decode(value.subarray(0, 4))).toBe('PICR');
    const bucket = (await mf.getR2Bucket('IMAGES')) as unknown as {
      list(o: { prefix: string }): Promise<{ objects: { key: string }[] }>;
      head(key: string): Promise<{ customMetadata?: Record<string, string> } | null>;
    };
    const listed = await bucket.list({ prefix: 'pictor/cache/' });
    expect(listed.objects.length).toBeGreaterThan(0);
    expect((await bucket.head(listed.objects[0]!.key))?.customMetadata).toMatchObject({
      provider: 'mock',
      modelId: 'mock-model',
    });
  });

  it('r2: an expired entry is a miss and is recomputed', async () => {
    const first = await call('store=r2&prompt=short-lived&ttl=50');
    await new Promise((r) => setTimeout(r, 120));
    const second = await call('store=r2&prompt=short-lived&ttl=50');
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(false);
    expect(second.calls).toBe(first.calls + 1);
  });
});
