import type { Capabilities } from '../spec/capabilities.js';

/** A width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

function nearestMultiple(value: number, multiple: number, min: number, max: number): number {
  const low = Math.ceil(min / multiple) * multiple;
  const high = Math.floor(max / multiple) * multiple;
  const rounded = Math.round(value / multiple) * multiple;
  return Math.min(Math.max(rounded, low), high);
}

/**
 * The size nearest to `wanted` that the model makes: its fixed size; from a list, the closest
 * aspect ratio (then the closest area); within ranges, each side clamped and rounded to the
 * model's multiple.
 */
export function snapSize(wanted: Size, capabilities: Capabilities): Size {
  if (capabilities.sizes?.length) {
    const ratio = Math.log(wanted.width / wanted.height);
    const area = wanted.width * wanted.height;
    let best = capabilities.sizes[0]!;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const size of capabilities.sizes) {
      const score =
        Math.abs(Math.log(size.width / size.height) - ratio) * 1e6 +
        Math.abs(size.width * size.height - area);
      if (score < bestScore) {
        best = size;
        bestScore = score;
      }
    }
    return { width: best.width, height: best.height };
  }
  if (!capabilities.width && !capabilities.height) return { ...capabilities.defaultSize };
  const multiple = capabilities.sizeMultiple ?? 1;
  const side = (value: number, range: Capabilities['width'], fallback: number) =>
    range ? nearestMultiple(value, multiple, range.min, range.max) : fallback;
  return {
    width: side(wanted.width, capabilities.width, capabilities.defaultSize.width),
    height: side(wanted.height, capabilities.height, capabilities.defaultSize.height),
  };
}

/**
 * The size for an aspect ratio `W:H`: the model's default area at that ratio, then snapped.
 */
export function sizeForAspectRatio(ratio: number, capabilities: Capabilities): Size {
  const { width, height } = capabilities.defaultSize;
  const area = width * height;
  const w = Math.sqrt(area * ratio);
  return snapSize({ width: w, height: w / ratio }, capabilities);
}
