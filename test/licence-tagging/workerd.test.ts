// The main entry of @pictor/licence-tagging inside real workerd (miniflare): bundled from source
// with esbuild, it tags PNG, JPEG and WebP files through the middleware. The bundle's own files
// import nothing Node-only; the emoji model card, not importable there, falls back to the
// registry's built-in data.
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../support/bundle-worker.js';
import { emojiPngs, emojiRgba } from './images.js';

let mf: Miniflare;
let nodeImports: string[] = [];

beforeAll(async () => {
  const bundle = await bundleWorker(fileURLToPath(new URL('./worker/tagging-worker.ts', import.meta.url)));
  nodeImports = bundle.nodeImports.filter((line) => line.includes('packages/licence-tagging/'));
  mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.code }],
    compatibilityDate: '2026-04-01',
  });
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

interface WorkerAnswer {
  report: { format: string; aiGenerated: boolean; fields: Record<string, unknown> };
  record: { written: boolean; licence?: string; credit?: string; sidecar: boolean };
  code?: string;
}

async function tag(bytes: Uint8Array, model?: string) {
  const url = `http://worker/${model ? `?model=${encodeURIComponent(model)}` : ''}`;
  const response = await mf.dispatchFetch(url, { method: 'POST', body: bytes });
  return { status: response.status, json: (await response.json()) as WorkerAnswer };
}

describe('@pictor/licence-tagging inside workerd', () => {
  it('the package files in the Worker bundle import nothing Node-only', () => {
    expect(nodeImports).toEqual([]);
  });

  it('tags PNG, JPEG and WebP through the middleware', async () => {
    const { data, width, height } = await emojiRgba();
    const raw = () => sharp(data, { raw: { width, height, channels: 4 } });
    const files = [
      emojiPngs(['1f600'])[0]!.bytes,
      new Uint8Array(await raw().flatten().jpeg().toBuffer()),
      new Uint8Array(await raw().webp().toBuffer()),
    ];
    for (const [index, bytes] of files.entries()) {
      const { status, json } = await tag(bytes);
      expect(status, JSON.stringify(json)).toBe(200);
      expect(json.report.format).toBe(['png', 'jpeg', 'webp'][index]);
      expect(json.report.aiGenerated).toBe(true);
      expect(json.report.fields).toMatchObject({
        aiSystemUsed: 'FLUX.1 [schnell]',
        licence: 'Apache-2.0',
        seed: 5,
      });
      expect(json.record).toMatchObject({
        written: true,
        licence: 'workers-ai/flux-1-schnell',
        sidecar: true,
      });
    }
  });

  it('the emoji model: the card cannot be imported in a Worker, so the built-in entry (with attribution) is used', async () => {
    const { status, json } = await tag(emojiPngs(['1f34e'])[0]!.bytes, 'emoji');
    expect(status).toBe(200);
    expect(json.record.licence).toBe('pictor/model-emoji');
    expect(json.record.credit).toContain('Twemoji');
  });

  it('a malformed image is a typed error, not a crash', async () => {
    const bytes = emojiPngs(['1f600'])[0]!.bytes.slice(0, 60);
    const { status, json } = await tag(bytes);
    expect(status).toBe(500);
    expect(json.code).toMatch(/invalid_response|malformed_image/);
  });
});
