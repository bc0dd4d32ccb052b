// A Worker that generates through `cache()` with the KV or R2 store and says whether it hit.
import { cache, createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { kvStore, r2Store } from '@pictor/queue/cloudflare';

interface Env {
  CACHE: Parameters<typeof kvStore>[0];
  IMAGES: Parameters<typeof r2Store>[0];
}

const provider = mockProvider();

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const store = url.searchParams.get('store') === 'r2' ? r2Store(env.IMAGES) : kvStore(env.CACHE);
    const ttlMs = url.searchParams.has('ttl') ? Number(url.searchParams.get('ttl')) : undefined;
    const client = createImageClient({
      provider,
      middleware: [cache({ store, ...(ttlMs ? { ttlMs } : {}) })],
    });
    const result = await client.generate({
      prompt: url.searchParams.get('prompt') ?? 'a red apple',
      seed: 1,
      width: 32,
      height: 32,
    });
    const image = result.images[0]!;
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', image.bytes as Uint8Array<ArrayBuffer>),
    );
    return Response.json({
      hit: (image.annotations.cache as { hit: boolean }).hit,
      calls: provider.calls.length,
      sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
      width: image.width,
    });
  },
};
