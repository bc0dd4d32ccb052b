import { decodePng, encodePng, InvalidRequestError, type RgbaImage, sniffMediaType } from '@pictor/core';

async function readPng(bytes: Uint8Array, field: string): Promise<RgbaImage> {
  const type = sniffMediaType(bytes);
  if (type !== 'image/png') {
    throw new InvalidRequestError(
      field,
      `is ${type ?? 'not an image'}; the onnx adapter reads PNG inputs (convert it to PNG first)`,
    );
  }
  try {
    return await decodePng(bytes);
  } catch (error) {
    throw new InvalidRequestError(field, `could not be decoded: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Bilinear sample of channel `c` of an RGBA image at (x, y) in source pixel coordinates. */
function sample(image: RgbaImage, x: number, y: number, c: number): number {
  const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(y)));
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const at = (px: number, py: number) => image.data[(py * image.width + px) * 4 + c]!;
  const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
  const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * A PNG as the VAE encoder's input: planar RGB [3, height, width] in [-1, 1], resized (bilinear,
 * pixel centres aligned) when its size differs. Transparent pixels are composited on white.
 */
export async function imageToTensor(
  bytes: Uint8Array,
  width: number,
  height: number,
  field = 'image',
): Promise<Float32Array> {
  const image = await readPng(bytes, field);
  const out = new Float32Array(3 * width * height);
  const sx = image.width / width;
  const sy = image.height / height;
  const plane = width * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) * sx - 0.5;
      const v = (y + 0.5) * sy - 0.5;
      const alpha = sample(image, u, v, 3) / 255;
      for (let c = 0; c < 3; c++) {
        const value = (sample(image, u, v, c) / 255) * alpha + (1 - alpha);
        out[c * plane + y * width + x] = value * 2 - 1;
      }
    }
  }
  return out;
}

/** An inpainting mask as [height × width] of 0 (keep) and 1 (redraw): luminance ≥ 50 % is 1, as diffusers binarises. */
export async function maskToTensor(bytes: Uint8Array, width: number, height: number): Promise<Float32Array> {
  const image = await readPng(bytes, 'mask');
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      const o = (sy * image.width + sx) * 4;
      const luminance = 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
      out[y * width + x] = luminance * (image.data[o + 3]! / 255) >= 127.5 ? 1 : 0;
    }
  }
  return out;
}

/** The mask at latent resolution (nearest neighbour, as `F.interpolate`'s default). */
export function downsampleMask(
  mask: Float32Array,
  width: number,
  height: number,
  factor: number,
): Float32Array {
  const w = width / factor;
  const h = height / factor;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) out[y * w + x] = mask[y * factor * width + x * factor]!;
  return out;
}

/**
 * A decoded image (planar RGB in [-1, 1]) as PNG bytes: x/2 + 0.5 clamped to [0, 1], times 255,
 * rounded. Undefined when a value is NaN (an overflowing fp16 VAE), which must not become a black picture.
 */
export async function tensorToPng(
  values: Float32Array,
  offset: number,
  width: number,
  height: number,
): Promise<Uint8Array | undefined> {
  const plane = width * height;
  const rgb = new Uint8Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const base = offset + c * plane;
    for (let p = 0; p < plane; p++) {
      const x = values[base + p]!;
      if (Number.isNaN(x)) return undefined;
      const value = Math.round((x / 2 + 0.5) * 255);
      rgb[p * 3 + c] = value < 0 ? 0 : Math.min(value, 255);
    }
  }
  return encodePng({ width, height, data: rgb }, 3);
}
