// @pictor/image's decodeImage on ~1 MiB PNG, JPEG and WebP photos (ImageMagick plasma, made at the
// start) against the bare codec call it wraps, side by side in the same process: the wrapper's cost is
// the header walk (PNG: every chunk CRC), the pixel-budget check and, for 16-bit PNG, nothing here.
// The alternatives measured when choosing the codecs run alongside: jpeg-js for JPEG, pngjs (Node
// only) for PNG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '@pictor/image';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { type BenchFigure, sideBySide } from './harness.js';

const require = createRequire(fileURLToPath(new URL('../../packages/image/package.json', import.meta.url)));
const wasm = (entry: string, file: string) =>
  WebAssembly.compile(readFileSync(join(dirname(require.resolve(entry)), file)));

interface Raw {
  decode(data: ArrayBuffer | Uint8Array, ...rest: unknown[]): unknown;
}

async function emscripten(glue: string, entry: string, file: string): Promise<Raw> {
  const module = await wasm(entry, file);
  const factory = (await import(require.resolve(glue))).default as (o: object) => Promise<Raw>;
  return factory({
    noInitialRun: true,
    instantiateWasm(imports: WebAssembly.Imports, callback: (i: WebAssembly.Instance) => void) {
      const instance = new WebAssembly.Instance(module, imports);
      callback(instance);
      return instance.exports;
    },
  });
}

function make(dir: string, name: string, args: string[]): Uint8Array {
  const path = join(dir, name);
  execFileSync('convert', [...args, path]);
  return new Uint8Array(readFileSync(path));
}

export default async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pictor-image-bench-'));
  const files = {
    png: make(dir, 'photo.png', ['-size', '880x660', '-seed', '4', 'plasma:fractal', '-depth', '8']),
    jpeg: make(dir, 'photo.jpg', ['-size', '2000x1500', '-seed', '4', 'plasma:fractal', '-quality', '92']),
    webp: make(dir, 'photo.webp', ['-size', '2000x1500', '-seed', '4', 'plasma:fractal', '-quality', '95']),
  };
  const png = (await import(require.resolve('@jsquash/png/codec/pkg/squoosh_png.js'))) as {
    default(m: WebAssembly.Module): Promise<unknown>;
    decode(d: Uint8Array): unknown;
  };
  await png.default(await wasm('@jsquash/png/decode.js', 'codec/pkg/squoosh_png_bg.wasm'));
  const mozjpeg = await emscripten(
    '@jsquash/jpeg/codec/dec/mozjpeg_dec.js',
    '@jsquash/jpeg/decode.js',
    'codec/dec/mozjpeg_dec.wasm',
  );
  const libwebp = await emscripten(
    '@jsquash/webp/codec/dec/webp_dec.js',
    '@jsquash/webp/decode.js',
    'codec/dec/webp_dec.wasm',
  );
  const buffer = (b: Uint8Array) => b.slice().buffer;
  const cases: [string, Uint8Array, string, () => unknown][] = [
    ['PNG', files.png, 'the Rust png crate (@jsquash/png) alone', () => png.decode(files.png)],
    ['JPEG', files.jpeg, 'MozJPEG (@jsquash/jpeg) alone', () => mozjpeg.decode(buffer(files.jpeg), false)],
    ['WebP', files.webp, 'libwebp (@jsquash/webp) alone', () => libwebp.decode(buffer(files.webp))],
    [
      'PNG',
      files.png,
      'pngjs (Node only), the pure-JS alternative',
      () => PNG.sync.read(Buffer.from(files.png)),
    ],
    [
      'JPEG',
      files.jpeg,
      'jpeg-js, the pure-JS alternative',
      () => jpeg.decode(files.jpeg, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 }),
    ],
  ];
  const figures: BenchFigure[] = [];
  for (const [format, bytes, baseline, bare] of cases) {
    const ours = () => decodeImage(bytes, { maxPixels: 4000 * 4000 });
    const info = await ours();
    await bare();
    const rounds = 5;
    const perRound = format === 'JPEG' ? 2 : 4;
    const { aMs, bMs } = await sideBySide(ours, bare, rounds, perRound);
    const n = rounds * perRound;
    figures.push({
      name: `decodeImage, ${format} ${info.width}×${info.height} (${(bytes.length / 2 ** 20).toFixed(2)} MiB), per file`,
      value: aMs / n,
      unit: 'ms',
      baseline: { name: baseline, value: bMs / n, unit: 'ms' },
      ratio: aMs / bMs,
    });
  }
  return figures;
}
