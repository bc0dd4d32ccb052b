import { type Capabilities, InvalidRequestError } from '@pictor/core';

/** A size Pictor will ask for, and why it differs from what the AI SDK call said (when it does). */
export interface FittedSize {
  width: number;
  height: number;
  /** Set when the size was derived or snapped: the text of a `compatibility` warning. */
  adjusted?: string;
}

function parsePair(text: string, separator: 'x' | ':', field: string): [number, number] {
  const parts = text.split(separator);
  const a = Number(parts[0]);
  const b = Number(parts[1]);
  if (parts.length !== 2 || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) {
    const example = separator === 'x' ? '1024x768' : '16:9';
    throw new InvalidRequestError(field, `"${text}" is not of the form ${example}`);
  }
  return [a, b];
}

function snap(value: number, multiple: number, range: { min: number; max: number } | undefined): number {
  let v = Math.max(multiple, Math.round(value / multiple) * multiple);
  if (range) {
    const min = Math.ceil(range.min / multiple) * multiple;
    const max = Math.floor(range.max / multiple) * multiple;
    v = Math.min(Math.max(v, min), max);
  }
  return v;
}

/** The listed size closest in aspect ratio, then in area. */
function nearestListed(width: number, height: number, sizes: Capabilities['sizes'] & object) {
  const ratio = Math.log(width / height);
  const area = width * height;
  let best = sizes[0]!;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const size of sizes) {
    const score =
      Math.abs(Math.log(size.width / size.height) - ratio) * 10 +
      Math.abs(Math.log((size.width * size.height) / area));
    if (score < bestScore) {
      bestScore = score;
      best = size;
    }
  }
  return best;
}

/** Whether the model makes only its default size (no ranges, no list). */
export function hasFixedSize(capabilities: Capabilities): boolean {
  return !capabilities.sizes && !capabilities.width && !capabilities.height;
}

/** Brings a width × height to the nearest size the model makes. */
function fit(width: number, height: number, capabilities: Capabilities): { width: number; height: number } {
  if (capabilities.sizes) return nearestListed(width, height, capabilities.sizes);
  const multiple = capabilities.sizeMultiple ?? 1;
  return {
    width: snap(width, multiple, capabilities.width),
    height: snap(height, multiple, capabilities.height),
  };
}

/** `size: "WxH"` → a size the model makes; snapped sizes say so. */
export function sizeFromAISDK(size: string, capabilities: Capabilities): FittedSize {
  const [width, height] = parsePair(size, 'x', 'size');
  const fitted = fit(width, height, capabilities);
  if (fitted.width === width && fitted.height === height) return fitted;
  return {
    ...fitted,
    adjusted: `${width}x${height} is not a size this model makes; used the nearest, ${fitted.width}x${fitted.height}`,
  };
}

/**
 * `aspectRatio: "W:H"` → a size of about the model's default area with that ratio, snapped to what the
 * model makes. Pictor has no aspect-ratio field, so this is always reported as a `compatibility` warning.
 */
export function sizeFromAspectRatio(aspectRatio: string, capabilities: Capabilities): FittedSize {
  const [a, b] = parsePair(aspectRatio, ':', 'aspectRatio');
  const area = capabilities.defaultSize.width * capabilities.defaultSize.height;
  const width = Math.sqrt((area * a) / b);
  const fitted = fit(width, width * (b / a), capabilities);
  return {
    ...fitted,
    adjusted: `derived ${fitted.width}x${fitted.height} from aspect ratio ${aspectRatio}`,
  };
}
