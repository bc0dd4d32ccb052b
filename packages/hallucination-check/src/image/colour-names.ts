import type { RgbaImage } from '@pictor/core';
import type { PixelBox } from './resample.js';

/** Basic colour names the colour classifier can tell apart. */
export const COLOUR_NAMES = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'white',
  'grey',
] as const;

/** Names one RGB colour (0..255) with a basic colour term (HSV rules). */
export function nameColour(r: number, g: number, b: number): (typeof COLOUR_NAMES)[number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const value = max / 255;
  const saturation = max === 0 ? 0 : (max - min) / max;
  if (value < 0.2) return 'black';
  if (saturation < 0.18) return value > 0.85 ? 'white' : 'grey';
  let hue = 0;
  if (max === r) hue = ((g - b) / (max - min) + 6) % 6;
  else if (max === g) hue = (b - r) / (max - min) + 2;
  else hue = (r - g) / (max - min) + 4;
  hue *= 60;
  if (hue < 22 || hue >= 340)
    return value < 0.65 && saturation > 0.4 ? 'brown' : saturation < 0.5 && value > 0.8 ? 'pink' : 'red';
  if (hue < 45) return value < 0.65 ? 'brown' : 'orange';
  if (hue < 70) return value < 0.5 ? 'brown' : 'yellow';
  if (hue < 170) return 'green';
  if (hue < 255) return 'blue';
  if (hue < 290) return 'purple';
  return 'pink';
}

/**
 * The share of each colour name among the pixels of the central 60% of a box (where the object is,
 * rather than its background), skipping transparent pixels. Shares sum to 1.
 */
export function colourShares(image: RgbaImage, box: PixelBox): Record<string, number> {
  const counts: Record<string, number> = {};
  const x0 = Math.max(0, Math.floor(box.x + box.width * 0.2));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width * 0.8));
  const y0 = Math.max(0, Math.floor(box.y + box.height * 0.2));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height * 0.8));
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / 4096)));
  let total = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      const o = (y * image.width + x) * 4;
      if (image.data[o + 3]! < 128) continue;
      const name = nameColour(image.data[o]!, image.data[o + 1]!, image.data[o + 2]!);
      counts[name] = (counts[name] ?? 0) + 1;
      total++;
    }
  }
  for (const key of Object.keys(counts)) counts[key] = counts[key]! / Math.max(1, total);
  return counts;
}
