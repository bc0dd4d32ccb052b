// Real image files for the fake server: solid-colour PNG (core's encoder) and JPEG (jpeg-js), and
// the colour a prompt asks for, so that judges can check "does the image show what was asked".
import { encodePng, readImageInfo, seededUniform } from '@pictor/core';
import { decodeImage } from '@pictor/image';
import jpeg from 'jpeg-js';

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/** The colours the fake understands in prompts and questions. */
export const COLOURS: Readonly<Record<string, Rgb>> = {
  red: [220, 30, 30],
  green: [30, 170, 60],
  blue: [30, 60, 220],
  yellow: [240, 220, 40],
  orange: [245, 140, 20],
  purple: [130, 40, 170],
  pink: [245, 150, 200],
  white: [250, 250, 250],
  black: [10, 10, 10],
  grey: [128, 128, 128],
  brown: [120, 70, 30],
  cyan: [40, 210, 220],
};

/** The first colour word of a prompt, or a colour derived from the prompt's hash. */
export function colourOf(prompt: string): Rgb {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  for (const word of words) {
    const colour = COLOURS[word === 'gray' ? 'grey' : word];
    if (colour) return colour;
  }
  let hash = 2166136261;
  for (const char of prompt) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
}

/** The named colour nearest to `rgb`. */
export function nearestColour(rgb: Rgb): string {
  let best = 'grey';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, c] of Object.entries(COLOURS)) {
    const d = (c[0] - rgb[0]) ** 2 + (c[1] - rgb[1]) ** 2 + (c[2] - rgb[2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

const cache = new Map<string, Promise<Uint8Array>>();

function solidRgba(width: number, height: number, rgb: Rgb): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4)
    [data[i], data[i + 1], data[i + 2], data[i + 3]] = [rgb[0], rgb[1], rgb[2], 255];
  return data;
}

/** A solid-colour image file of the given type and size (cached). */
export function solidImage(
  type: 'png' | 'jpeg',
  width: number,
  height: number,
  rgb: Rgb,
): Promise<Uint8Array> {
  const key = `${type}:${width}x${height}:${rgb.join(',')}`;
  let image = cache.get(key);
  if (!image) {
    const data = solidRgba(width, height, rgb);
    image =
      type === 'png'
        ? encodePng({ width, height, data })
        : Promise.resolve(new Uint8Array(jpeg.encode({ data: Buffer.from(data), width, height }, 85).data));
    cache.set(key, image);
  }
  return image;
}

/** A PNG of seeded noise of about `bytes` bytes (noise does not compress): for throughput benchmarks. */
export async function noisePng(bytes: number, seed = 1): Promise<Uint8Array> {
  const side = Math.ceil(Math.sqrt(bytes / 3));
  const noise = seededUniform(seed, side * side * 3);
  const data = new Uint8Array(side * side * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor((noise[i] ?? 0) * 256);
  return encodePng({ width: side, height: side, data }, 3);
}

/** The mean colour of a PNG or JPEG file. */
export async function meanColour(bytes: Uint8Array): Promise<Rgb> {
  const info = readImageInfo(bytes);
  const pixels =
    info.mediaType === 'image/png'
      ? (await decodeImage(bytes)).data
      : jpeg.decode(bytes, { useTArray: true }).data;
  let r = 0;
  let g = 0;
  let b = 0;
  const count = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    r += pixels[i]!;
    g += pixels[i + 1]!;
    b += pixels[i + 2]!;
  }
  return [Math.round(r / count), Math.round(g / count), Math.round(b / count)];
}
