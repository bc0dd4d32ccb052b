import { throwIfAborted } from '@pictor/core';
import type * as TF from '@tensorflow/tfjs';
import type { Tfjs } from './backend.js';
import type { RgbImage } from './rgb-image.js';
import { mirrorIndex, planTiles } from './tiles.js';

/** How one tiled upscale runs. */
export interface UpscaleRun {
  /** The output is `scale` times the input in each direction. */
  scale: number;
  /** Largest tile side in input pixels. */
  tileSize: number;
  /** Context pixels around each tile. */
  overlap: number;
  /** Checked between tiles. */
  signal?: AbortSignal | undefined;
  /** Called after each tile (1-based). */
  onTile?: ((done: number, total: number) => void) | undefined;
  /** Called before each tile, to make sure this model's backend is current. */
  beforeTile?: (() => Promise<void>) | undefined;
}

/**
 * Lets timers and I/O that are already due run (an abort from a timer or a socket, say) before more
 * synchronous model work starts. A zero timeout, not `setImmediate`: timers due earlier fire first.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs an image-to-image super-resolution model (input and output NHWC, 0–255) over `image` tile by
 * tile; between tiles it reports progress, yields to the event loop and stops with `AbortError`
 * when `signal` aborts. Every tensor it creates is disposed.
 */
export async function runUpscaler(
  tf: Tfjs,
  model: TF.LayersModel,
  image: RgbImage,
  run: UpscaleRun,
): Promise<RgbImage> {
  const { scale } = run;
  const out = {
    width: image.width * scale,
    height: image.height * scale,
    data: new Uint8Array(image.width * image.height * scale * scale * 3),
  };
  const tiles = planTiles(image.width, image.height, run.tileSize, run.overlap);
  for (const [i, tile] of tiles.entries()) {
    throwIfAborted(run.signal);
    await run.beforeTile?.();
    const { padded, core } = tile;
    const input = new Float32Array(padded.width * padded.height * 3);
    for (let y = 0; y < padded.height; y++) {
      const row = mirrorIndex(padded.y + y, image.height) * image.width;
      for (let x = 0; x < padded.width; x++) {
        const from = (row + mirrorIndex(padded.x + x, image.width)) * 3;
        const to = (y * padded.width + x) * 3;
        input[to] = image.data[from]!;
        input[to + 1] = image.data[from + 1]!;
        input[to + 2] = image.data[from + 2]!;
      }
    }
    const result = tf.tidy(() => {
      const output = model.predict(tf.tensor4d(input, [1, padded.height, padded.width, 3])) as TF.Tensor;
      return output.clipByValue(0, 255);
    });
    let pixels: Float32Array | Int32Array | Uint8Array;
    try {
      pixels = await result.data();
    } finally {
      result.dispose();
    }
    const outWidth = padded.width * scale;
    const offsetX = (core.x - padded.x) * scale;
    const offsetY = (core.y - padded.y) * scale;
    for (let y = 0; y < core.height * scale; y++) {
      const from = ((offsetY + y) * outWidth + offsetX) * 3;
      const to = ((core.y * scale + y) * out.width + core.x * scale) * 3;
      for (let k = 0; k < core.width * scale * 3; k++) out.data[to + k] = Math.round(pixels[from + k]!);
    }
    run.onTile?.(i + 1, tiles.length);
    if (i + 1 < tiles.length && run.signal) await yieldToEventLoop();
  }
  throwIfAborted(run.signal);
  return out;
}

/** Nearest-neighbour enlargement (crisp pixel art), the upscaler-free option. */
export function enlargeNearest(image: RgbImage, scale: number): RgbImage {
  const width = image.width * scale;
  const height = image.height * scale;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 3;
      data.set(image.data.subarray(from, from + 3), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}
