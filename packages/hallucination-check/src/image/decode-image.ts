import { decodePng, type RgbaImage, readImageInfo, sniffMediaType } from '@pictor/core';

/** An image decoded once and shared by every judge: RGBA pixels plus a per-image cache of derived data. */
export interface DecodedImage extends RgbaImage {
  /** Derived data (resized tensors, hashes) computed by one judge and reusable by others, keyed by purpose. */
  readonly derived: Map<string, unknown>;
}

/** The outcome of decoding: pixels, or the reason there are none. */
export type DecodeOutcome = { image: DecodedImage; error?: undefined } | { image?: undefined; error: string };

type WebpDecode = (bytes: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let webp: Promise<WebpDecode> | undefined;

/** libwebp's decoder compiled to WebAssembly (`@jsquash/webp`), loaded and compiled once, on first use. */
function loadWebp(): Promise<WebpDecode> {
  webp ??= (async () => {
    const { createRequire } = await import('node:module');
    const { readFile } = await import('node:fs/promises');
    const { dirname, join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const entry = createRequire(import.meta.url).resolve('@jsquash/webp/decode.js');
    const module = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as {
      default: WebpDecode;
      init(module: WebAssembly.Module): Promise<void>;
    };
    const wasm = await readFile(join(dirname(entry), 'codec', 'dec', 'webp_dec.wasm'));
    await module.init(await WebAssembly.compile(wasm));
    return module.default;
  })();
  webp.catch(() => {
    webp = undefined;
  });
  return webp;
}

/**
 * Decodes PNG (core's decoder), JPEG (jpeg-js) and WebP (libwebp in WebAssembly), each loaded on first
 * use, into RGBA. Anything else, or broken bytes, comes back as an error string, never a throw: the
 * `degenerate` judge then fails the `image` check with that reason, and the other judges skip it.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels = 64 * 1024 * 1024): Promise<DecodeOutcome> {
  const type = sniffMediaType(bytes);
  try {
    if (type === 'image/png') {
      const png = await decodePng(bytes, maxPixels);
      return { image: { ...png, derived: new Map() } };
    }
    if (type === 'image/jpeg') {
      const jpeg = (await import('jpeg-js')).default;
      const out = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: maxPixels / 1e6,
      });
      return { image: { width: out.width, height: out.height, data: out.data, derived: new Map() } };
    }
    if (type === 'image/webp') {
      const { width, height } = readImageInfo(bytes); // throws on a truncated or unknown header
      if (width * height > maxPixels)
        return { error: `the WebP image is ${width}×${height}, above the ${maxPixels}-pixel limit` };
      const decode = await loadWebp();
      // The decoder takes an ArrayBuffer holding exactly the file: copy only when `bytes` is a view.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const out = await decode((whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer);
      const data = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
      return { image: { width: out.width, height: out.height, data, derived: new Map() } };
    }
    return { error: 'the bytes are not a PNG, JPEG or WebP image' };
  } catch (error) {
    return { error: `the ${type ?? 'image'} bytes could not be decoded: ${(error as Error).message}` };
  }
}

/** Wraps already-decoded RGBA pixels (from your own decoder) for the judges. */
export function fromRgba(image: RgbaImage): DecodedImage {
  return { width: image.width, height: image.height, data: image.data, derived: new Map() };
}
