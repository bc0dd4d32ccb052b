import type { GeneratedImage, ImageResult, Middleware, MiddlewareContext, Warning } from '@pictor/core';
import { ModelLoadError } from '@pictor/core';
import type { CodecModules } from '@pictor/image';
import { WATERMARK_ALGORITHM } from './algorithm.js';
import { watermarkKeyId } from './key-id.js';
import { embedWatermark } from './watermark-image.js';

/** Options of `watermark`. */
export interface WatermarkOptions {
  /**
   * The key. Default: the `PICTOR_WATERMARK_KEY` environment variable. It is never written into
   * files, results, logs or errors; results carry only its public key id.
   */
  key?: string | Uint8Array;
  /** Strength (1 = default). */
  strength?: number;
  /** JPEG/WebP quality of re-encoded outputs. Default 95. */
  quality?: number;
  /** The codecs' WebAssembly modules, in Cloudflare Workers. */
  wasm?: CodecModules;
}

/** What the middleware records per image (`annotations.watermark`). */
export interface WatermarkAnnotation {
  algorithm: string;
  version: number;
  /** The 40-bit id carried by the mark, 10 hex digits: the key into your provenance records. */
  recordId: string;
  /** The key's public id (not the key). */
  keyId: string;
  psnr: number;
}

function envKey(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.PICTOR_WATERMARK_KEY;
}

/**
 * Marks every image with an invisible, keyed watermark carrying a fresh record id, and records
 * `{ algorithm, recordId, keyId }` in `annotations.watermark` (which `licenceTagging()` writes into the
 * XMP record). List it inside `licenceTagging()` so the pixels are marked before metadata is written.
 *
 * @example
 * createImageClient({ provider, middleware: [licenceTagging(), watermark({ key: process.env.WM_KEY })] });
 */
export function watermark(options: WatermarkOptions = {}): Middleware {
  let keyId: Promise<string> | undefined;
  const key = () => {
    const value = options.key ?? envKey();
    if (value === undefined || value.length === 0)
      throw new ModelLoadError('watermark: no key — pass { key } or set PICTOR_WATERMARK_KEY');
    return value;
  };
  async function mark(result: ImageResult, context: MiddlewareContext): Promise<ImageResult> {
    const secret = key();
    keyId ??= watermarkKeyId(secret);
    const id = await keyId;
    const images: GeneratedImage[] = [];
    const warnings = [...result.warnings];
    // licenceTagging() ran first (it is listed inside this one): re-encoding the pixels drops the
    // XMP record it wrote and breaks any C2PA manifest's hash.
    const tagged = result.images.filter((image) => image.annotations['licence-tagging'] !== undefined);
    if (tagged.length) {
      const warning: Warning = {
        type: 'other',
        message: `watermark() ran after licenceTagging() on ${tagged.length} image(s): marking re-encoded the pixels and dropped the XMP record (and any C2PA manifest); list licenceTagging() first, outside watermark()`,
        source: 'watermark',
      };
      warnings.push(warning);
      context.log('warn', warning.message);
    }
    for (const image of result.images) {
      context.emit({ type: 'checking', middleware: 'watermark', detail: 'embedding' });
      const marked = await embedWatermark(image.bytes, {
        key: secret,
        ...(options.strength !== undefined ? { strength: options.strength } : {}),
        ...(options.quality !== undefined ? { quality: options.quality } : {}),
        ...(options.wasm ? { wasm: options.wasm } : {}),
      });
      const annotation: WatermarkAnnotation = {
        algorithm: WATERMARK_ALGORITHM,
        version: marked.version,
        recordId: marked.recordId,
        keyId: id,
        psnr: Math.round(marked.psnr * 10) / 10,
      };
      images.push({
        ...image,
        bytes: marked.bytes,
        annotations: { ...image.annotations, watermark: annotation },
      });
    }
    return { ...result, images, warnings };
  }
  return {
    name: 'watermark',
    async wrapGenerate(next, request, context) {
      key();
      return mark(await next(request), context);
    },
    async wrapEdit(next, request, context) {
      key();
      return mark(await next(request), context);
    },
  };
}
