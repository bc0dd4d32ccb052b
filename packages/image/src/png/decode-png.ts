// PNG decoding: the Rust `png` crate compiled to WebAssembly (`@jsquash/png`, from Squoosh). Chosen by
// measurement over the pure-JS decoders on 55 files covering every colour type × bit depth, both
// interlace methods and tRNS for every colour type (see docs/images.md): @jsquash/png decoded all of
// them like ImageMagick (16-bit through its 16-bit output); upng-js got 28 right (wrong low-bit grey,
// 16-bit and interlaced 1-bit palette), fast-png 18 (its interlaced 1/2/4-bit rows fail, no 8-bit
// output). It decodes an APNG's default image, and its memory stays at the image size on a
// decompression bomb (a 622 KB PNG inflating to 600 MiB: +2 MiB, where fast-png took 1.5 GB; pngjs is
// Node-only). It runs wherever WebAssembly does, Cloudflare Workers included. It checks no chunk CRC
// and runs a bomb's stream to its end (2–3 s for that file), so before it runs, the chunks' CRCs are
// checked here and the data is inflated once by the platform's zlib, bounded by the declared size.
import { checkBudget, checkStructure, type FailureTarget, malformed } from '../failure.js';
import type { CodecModules, DecodedImage } from '../types.js';
import { codecModule } from '../wasm/load-wasm.js';
import { checkDataSize } from './bounded-inflate.js';
import { readPngHeader } from './png-header.js';

interface SquooshPng {
  default(input: { module_or_path: WebAssembly.Module } | WebAssembly.Module): Promise<unknown>;
  decode(data: Uint8Array): { width: number; height: number; data: Uint8ClampedArray };
  decode_rgba16(data: Uint8Array): { width: number; height: number; data: Uint16Array; free(): void };
}

let codec: Promise<SquooshPng> | undefined;

function loadCodec(modules?: CodecModules): Promise<SquooshPng> {
  codec ??= (async () => {
    const wasm = await codecModule('pngDecoder', modules);
    const glue = (await import('@jsquash/png/codec/pkg/squoosh_png.js')) as unknown as SquooshPng;
    await glue.default(wasm);
    return glue;
  })();
  codec.catch(() => {
    codec = undefined;
  });
  return codec;
}

/** 16-bit samples to 8 bits, rounded (v / 257 to the nearest integer), as libpng's and ImageMagick's scaling. */
function to8Bit(samples: Uint16Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = ((samples[i]! + 128) / 257) | 0;
  return out;
}

/** Decodes a PNG (any legal colour type and bit depth, interlaced or not; an APNG's first frame) to RGBA. */
export async function decodePng(
  bytes: Uint8Array,
  maxPixels: number,
  target: FailureTarget,
  modules?: CodecModules,
): Promise<DecodedImage> {
  const header = readPngHeader(bytes, target);
  checkBudget(target, header.width, header.height, maxPixels);
  checkStructure(bytes, target);
  await checkDataSize(header.idat, header, target);
  const png = await loadCodec(modules);
  let image: { width: number; height: number; data: Uint8ClampedArray };
  try {
    if (header.bitDepth === 16) {
      const wide = png.decode_rgba16(bytes);
      image = { width: wide.width, height: wide.height, data: to8Bit(wide.data) };
      wide.free();
    } else {
      image = png.decode(bytes);
    }
  } catch (error) {
    // The wasm wrapper reports every decoding error as "`unwrap_throw` failed"; say what it means.
    const said = error instanceof Error ? error.message : String(error);
    const reason = said.includes('unwrap_throw') ? 'the image data is corrupt or truncated' : said;
    return malformed(target, `PNG: ${reason}`, error);
  }
  const decoded: DecodedImage = {
    width: image.width,
    height: image.height,
    data: image.data,
    mediaType: 'image/png',
  };
  if (header.frames !== undefined) decoded.frames = header.frames;
  return decoded;
}
