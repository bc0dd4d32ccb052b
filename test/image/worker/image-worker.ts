// A Worker that decodes the image POSTed to it with @pictor/image, resizes it, re-encodes it in the
// same format and answers with the decoded pixels' summary and the new file. The codecs' WebAssembly
// files are imported as compiled modules, as Wrangler bundles `.wasm` imports.
import { type CodecModules, decodeImage, encodeImage, resizeRgba } from '@pictor/image';
// @ts-expect-error: a Workers module import, resolved by the runtime (see image-workerd.test.ts)
import jpegDecoder from './jpeg.wasm';
// @ts-expect-error: as above
import jpegEncoder from './jpeg-enc.wasm';
// @ts-expect-error: as above
import pngDecoder from './png.wasm';
// @ts-expect-error: as above
import webpDecoder from './webp-dec.wasm';
// @ts-expect-error: as above
import webpEncoder from './webp-enc.wasm';

const wasm: CodecModules = { pngDecoder, jpegDecoder, jpegEncoder, webpDecoder, webpEncoder };

function checksum(data: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum = (sum * 31 + data[i]!) >>> 0;
  return sum;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const bytes = new Uint8Array(await request.arrayBuffer());
    try {
      const image = await decodeImage(bytes, { wasm, field: 'image' });
      const small = resizeRgba(image, Math.ceil(image.width / 2), Math.ceil(image.height / 2));
      const encoded = await encodeImage(small, { mediaType: image.mediaType, wasm });
      const again = await decodeImage(encoded, { wasm });
      return Response.json({
        mediaType: image.mediaType,
        width: image.width,
        height: image.height,
        frames: image.frames ?? null,
        checksum: checksum(image.data),
        reencoded: { mediaType: again.mediaType, width: again.width, height: again.height },
      });
    } catch (error) {
      const e = error as { code?: string; message: string };
      return Response.json({ code: e.code ?? 'untyped', message: e.message }, { status: 400 });
    }
  },
};
