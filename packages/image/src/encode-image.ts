// Encoders: PNG through core's `encodePng` (the platform's zlib: node:zlib or CompressionStream, no
// codec to load); JPEG through MozJPEG (`@jsquash/jpeg`; jpeg-js's encoder returns a Node `Buffer`
// once bundled, which fails in a Worker); WebP through libwebp (`@jsquash/webp`'s non-SIMD build,
// which every WebAssembly runtime runs).
import { encodePng } from '@pictor/core';
import type { EncodeImageOptions } from './types.js';
import { type Codec, instantiate } from './wasm/emscripten.js';
import { codecModule } from './wasm/load-wasm.js';

/** An Emscripten encoder's entry point (libwebp's and MozJPEG's have the same shape). */
interface Encoder {
  encode(
    data: Uint8ClampedArray | Uint8Array,
    width: number,
    height: number,
    options: Record<string, number | boolean>,
  ): Uint8Array | null;
}

let webpEncoder: Promise<Codec<Encoder>> | undefined;
let jpegEncoder: Promise<Codec<Encoder>> | undefined;

function loadJpegEncoder(options: EncodeImageOptions): Promise<Codec<Encoder>> {
  jpegEncoder ??= (async () => {
    const wasm = await codecModule('jpegEncoder', options.wasm);
    const glue = await import('@jsquash/jpeg/codec/enc/mozjpeg_enc.js');
    return instantiate(glue.default as unknown as Parameters<typeof instantiate<Encoder>>[0], wasm);
  })();
  jpegEncoder.catch(() => {
    jpegEncoder = undefined;
  });
  return jpegEncoder;
}

/** MozJPEG's options (`@jsquash/jpeg`'s defaults) as a baseline 4:2:0 JPEG with optimised Huffman tables. */
function jpegConfig(quality: number): Record<string, number | boolean> {
  return {
    quality,
    baseline: true,
    arithmetic: false,
    progressive: false,
    optimize_coding: true,
    smoothing: 0,
    color_space: 3,
    quant_table: 3,
    trellis_multipass: false,
    trellis_opt_zero: false,
    trellis_opt_table: false,
    trellis_loops: 1,
    auto_subsample: true,
    chroma_subsample: 2,
    separate_chroma_quality: false,
    chroma_quality: quality,
  };
}

function loadWebpEncoder(options: EncodeImageOptions): Promise<Codec<Encoder>> {
  webpEncoder ??= (async () => {
    const wasm = await codecModule('webpEncoder', options.wasm);
    const glue = await import('@jsquash/webp/codec/enc/webp_enc.js');
    return instantiate(glue.default as unknown as Parameters<typeof instantiate<Encoder>>[0], wasm);
  })();
  webpEncoder.catch(() => {
    webpEncoder = undefined;
  });
  return webpEncoder;
}

/** libwebp's `WebPConfig` defaults (as `cwebp` uses them), with quality and losslessness set. */
function webpConfig(quality: number, lossless: boolean): Record<string, number | boolean> {
  return {
    quality,
    target_size: 0,
    target_PSNR: 0,
    method: 4,
    sns_strength: 50,
    filter_strength: 60,
    filter_sharpness: 0,
    filter_type: 1,
    partitions: 0,
    segments: 4,
    pass: 1,
    show_compressed: 0,
    preprocessing: 0,
    autofilter: 0,
    partition_limit: 0,
    alpha_compression: 1,
    alpha_filtering: 1,
    alpha_quality: 100,
    lossless: lossless ? 1 : 0,
    exact: 0,
    image_hint: 0,
    emulate_jpeg_size: 0,
    thread_level: 0,
    low_memory: 0,
    near_lossless: 100,
    use_delta_palette: 0,
    use_sharp_yuv: 0,
  };
}

function isOpaque(data: Uint8Array | Uint8ClampedArray): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/**
 * Encodes RGBA pixels as PNG (8-bit RGB, or RGBA when any pixel is not opaque), JPEG (baseline;
 * transparency composited onto white) or WebP (lossy, or lossless with `lossless: true`; alpha kept).
 *
 * @example
 * const bytes = await encodeImage(pixels, { mediaType: decoded.mediaType, quality: 90 });
 */
export async function encodeImage(
  image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray },
  options: EncodeImageOptions,
): Promise<Uint8Array> {
  const { width, height, data } = image;
  if (
    !(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) ||
    data.length !== width * height * 4
  )
    throw new RangeError(`encodeImage: expected ${width}×${height}×4 RGBA bytes, got ${data.length}`);
  const quality = options.quality ?? 90;
  if (!(quality >= 1 && quality <= 100))
    throw new RangeError(`encodeImage: quality must be 1–100, got ${quality}`);
  if (options.mediaType === 'image/png') {
    if (!isOpaque(data))
      return encodePng({ width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) });
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) rgb.set(data.subarray(p * 4, p * 4 + 3), p * 3);
    return encodePng({ width, height, data: rgb }, 3);
  }
  if (options.mediaType === 'image/jpeg') {
    const flat = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3]!;
      for (let c = 0; c < 3; c++)
        flat[i + c] = Math.round((data[i + c]! * alpha + 255 * (255 - alpha)) / 255);
      flat[i + 3] = 255;
    }
    const jpeg = await loadJpegEncoder(options);
    const out = jpeg.module.encode(flat, width, height, jpegConfig(quality));
    if (!out)
      throw new RangeError(
        `encodeImage: MozJPEG refused the image (${jpeg.lastMessage() ?? 'no reason given'})`,
      );
    return out.slice();
  }
  if (options.mediaType === 'image/webp') {
    const webp = await loadWebpEncoder(options);
    const out = webp.module.encode(data, width, height, webpConfig(quality, options.lossless ?? false));
    if (!out)
      throw new RangeError(
        `encodeImage: libwebp refused the image (${webp.lastMessage() ?? 'no reason given'})`,
      );
    return out;
  }
  throw new RangeError(`encodeImage: unknown media type ${String(options.mediaType)}`);
}
