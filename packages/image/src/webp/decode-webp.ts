// WebP decoding: libwebp compiled to WebAssembly (`@jsquash/webp`, from Squoosh) — the reference decoder,
// lossy, lossless and alpha; no pure-JS WebP decoder on npm covers all three (measured in docs/images.md).
// libwebp's still-image API refuses animations, so an animation's first frame is rebuilt here as a still
// file from its `ANMF` chunk and placed on a transparent canvas of the full size.
import { checkBudget, checkStructure, type FailureTarget, malformed } from '../failure.js';
import type { CodecModules, DecodedImage } from '../types.js';
import { type Codec, exactBuffer, instantiate } from '../wasm/emscripten.js';
import { codecModule } from '../wasm/load-wasm.js';
import { readWebpLayout } from './webp-container.js';

interface LibWebp {
  decode(data: ArrayBuffer): { width: number; height: number; data: Uint8ClampedArray } | null;
}

let codec: Promise<Codec<LibWebp>> | undefined;

function loadCodec(modules?: CodecModules): Promise<Codec<LibWebp>> {
  codec ??= (async () => {
    const wasm = await codecModule('webpDecoder', modules);
    const glue = await import('@jsquash/webp/codec/dec/webp_dec.js');
    return instantiate(glue.default as unknown as Parameters<typeof instantiate<LibWebp>>[0], wasm);
  })();
  codec.catch(() => {
    codec = undefined;
  });
  return codec;
}

/** Decodes a still WebP (lossy, lossless, with alpha) or an animation's first frame to RGBA. */
export async function decodeWebp(
  bytes: Uint8Array,
  maxPixels: number,
  target: FailureTarget,
  modules?: CodecModules,
): Promise<DecodedImage> {
  const layout = readWebpLayout(bytes, target);
  checkBudget(target, layout.width, layout.height, maxPixels);
  checkStructure(bytes, target);
  const webp = await loadCodec(modules);
  const frame = layout.firstFrame;
  let out: ReturnType<LibWebp['decode']>;
  try {
    out = webp.module.decode(exactBuffer(frame?.bytes ?? bytes));
  } catch (error) {
    codec = undefined;
    return malformed(target, `WebP: ${(error as Error).message}`, error);
  }
  if (!out) return malformed(target, `WebP: ${webp.lastMessage() ?? 'the bitstream could not be decoded'}`);
  if (!frame) return { width: out.width, height: out.height, data: out.data, mediaType: 'image/webp' };
  if (out.width !== frame.width || out.height !== frame.height)
    malformed(target, 'WebP: the first frame is not the size its ANMF chunk declares');
  const data = new Uint8ClampedArray(layout.width * layout.height * 4);
  for (let y = 0; y < frame.height; y++) {
    const row = out.data.subarray(y * frame.width * 4, (y + 1) * frame.width * 4);
    data.set(row, ((frame.y + y) * layout.width + frame.x) * 4);
  }
  return {
    width: layout.width,
    height: layout.height,
    data,
    mediaType: 'image/webp',
    frames: layout.frames!,
  };
}
