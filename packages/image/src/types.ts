/** The image formats this package decodes and encodes. */
export type ImageFormat = 'image/png' | 'image/jpeg' | 'image/webp';

/** RGBA pixels, 8 bits per channel, row-major, straight (not premultiplied) alpha. */
export interface RgbaPixels {
  width: number;
  height: number;
  /** `width × height × 4` bytes: R, G, B, A for each pixel, rows top to bottom. */
  data: Uint8ClampedArray;
}

/** A decoded image file. */
export interface DecodedImage extends RgbaPixels {
  /** The format the bytes were in. */
  mediaType: ImageFormat;
  /**
   * How many frames the file holds, when it is animated (APNG, animated WebP). Only the first frame is
   * decoded, composited on a transparent canvas of the file's full size; absent for still images.
   */
  frames?: number;
}

/**
 * The codecs' WebAssembly modules, for runtimes that cannot read the package's files. On Node they are
 * read from the installed `@jsquash/*` packages on first use; in Cloudflare Workers import the `.wasm`
 * files (Wrangler turns such imports into compiled modules) and pass them:
 *
 * ```ts
 * import webpDecoder from '@jsquash/webp/codec/dec/webp_dec.wasm';
 * await decodeImage(bytes, { wasm: { webpDecoder } });
 * ```
 *
 * A module a file never needs can be left out (a PNG needs only `pngDecoder`).
 */
export interface CodecModules {
  /** `@jsquash/png/codec/pkg/squoosh_png_bg.wasm` (the Rust `png` crate): PNG decoding. */
  pngDecoder?: WebAssembly.Module;
  /** `@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm` (MozJPEG / libjpeg-turbo): JPEG decoding. */
  jpegDecoder?: WebAssembly.Module;
  /** `@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm` (MozJPEG): JPEG encoding. */
  jpegEncoder?: WebAssembly.Module;
  /** `@jsquash/webp/codec/dec/webp_dec.wasm` (libwebp): WebP decoding. */
  webpDecoder?: WebAssembly.Module;
  /** `@jsquash/webp/codec/enc/webp_enc.wasm` (libwebp): WebP encoding. */
  webpEncoder?: WebAssembly.Module;
}

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /**
   * The most pixels (`width × height`) the image may have, checked from the file's header before any
   * pixel memory is allocated. Default {@link DEFAULT_MAX_PIXELS} (4096 × 4096).
   */
  maxPixels?: number;
  /**
   * The request field the bytes came from (for example `image` or `mask`). When set, bad bytes are an
   * `InvalidRequestError` on that field (the user's input); when absent, an `InvalidResponseError` (the
   * bytes came from a provider).
   */
  field?: string;
  /** The codecs' WebAssembly modules, where the runtime cannot read files (Cloudflare Workers). */
  wasm?: CodecModules;
}

/** Options of {@link encodeImage}. */
export interface EncodeImageOptions {
  /** The format to write. */
  mediaType: ImageFormat;
  /** JPEG and lossy WebP quality, 1–100. Default 90. Ignored for PNG. */
  quality?: number;
  /** Write a lossless WebP (ignored for other formats). Default false. */
  lossless?: boolean;
  /** The codecs' WebAssembly modules, where the runtime cannot read files (Cloudflare Workers). */
  wasm?: CodecModules;
}

/** 4096 × 4096: above the output of the image models Pictor runs (1024–2048 px a side), far below a bomb. */
export const DEFAULT_MAX_PIXELS = 4096 * 4096;
