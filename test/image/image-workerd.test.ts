// @pictor/image inside real workerd (miniflare): bundled from source with esbuild, its codecs given as
// compiled WebAssembly modules, it decodes PNG, JPEG (YCbCr and CMYK) and WebP (still and animated) to
// the same pixels as on Node, and re-encodes each in its own format. The package's files import
// nothing Node-only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '@pictor/image';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../support/bundle-worker.js';

const fixtures = fileURLToPath(new URL('../fixtures/decode/', import.meta.url));
const require = createRequire(fileURLToPath(new URL('../../packages/image/package.json', import.meta.url)));
const wasmFile = (entry: string, file: string) => readFileSync(join(dirname(require.resolve(entry)), file));

let mf: Miniflare;
let nodeImports: string[] = [];

beforeAll(async () => {
  const bundle = await bundleWorker(
    fileURLToPath(new URL('./worker/image-worker.ts', import.meta.url)),
    'browser',
    ['*.wasm'],
  );
  nodeImports = bundle.nodeImports.filter((line) => line.includes('packages/image/'));
  mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: 'worker.mjs', contents: bundle.code },
      {
        type: 'CompiledWasm',
        path: 'png.wasm',
        contents: wasmFile('@jsquash/png/decode.js', 'codec/pkg/squoosh_png_bg.wasm'),
      },
      {
        type: 'CompiledWasm',
        path: 'jpeg.wasm',
        contents: wasmFile('@jsquash/jpeg/decode.js', 'codec/dec/mozjpeg_dec.wasm'),
      },
      {
        type: 'CompiledWasm',
        path: 'jpeg-enc.wasm',
        contents: wasmFile('@jsquash/jpeg/decode.js', 'codec/enc/mozjpeg_enc.wasm'),
      },
      {
        type: 'CompiledWasm',
        path: 'webp-dec.wasm',
        contents: wasmFile('@jsquash/webp/decode.js', 'codec/dec/webp_dec.wasm'),
      },
      {
        type: 'CompiledWasm',
        path: 'webp-enc.wasm',
        contents: wasmFile('@jsquash/webp/decode.js', 'codec/enc/webp_enc.wasm'),
      },
    ],
    compatibilityDate: '2026-04-01',
  });
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

function checksum(data: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum = (sum * 31 + data[i]!) >>> 0;
  return sum;
}

async function post(bytes: Uint8Array) {
  const response = await mf.dispatchFetch('http://worker/', { method: 'POST', body: bytes });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('@pictor/image inside workerd', () => {
  it('the package files in the Worker bundle import nothing Node-only', () => {
    expect(nodeImports).toEqual([]);
  });

  it.each([
    'png-c3-d04-i1-trns.png',
    'png-c0-d16-i1-trns.png',
    'apng-2-frames.png',
    'jpeg-progressive.jpg',
    'jpeg-cmyk.jpg',
    'webp-lossy-alpha.webp',
    'webp-lossless.webp',
    'webp-animated.webp',
  ])('%s: the pixels Node decodes, re-encoded in the same format', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, name)));
    const onNode = await decodeImage(bytes);
    const { status, json } = await post(bytes);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({
      mediaType: onNode.mediaType,
      width: onNode.width,
      height: onNode.height,
      frames: onNode.frames ?? null,
      checksum: checksum(onNode.data),
      reencoded: {
        mediaType: onNode.mediaType,
        width: Math.ceil(onNode.width / 2),
        height: Math.ceil(onNode.height / 2),
      },
    });
  });

  it('bad bytes are a typed error naming the field, not a crash', async () => {
    const { status, json } = await post(
      new Uint8Array(readFileSync(join(fixtures, 'jpeg-baseline-420.jpg'))).slice(0, 300),
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 'invalid_request' });
    expect(String(json.message)).toMatch(/^image: JPEG\b/);
  });
});
