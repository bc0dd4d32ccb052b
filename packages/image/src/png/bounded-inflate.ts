import { zlibInflate } from '@pictor/core';
import { type FailureTarget, malformed } from '../failure.js';
import type { PngHeader } from './png-header.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The bytes the image data must inflate to: filter byte + packed samples per row, per Adam7 pass. */
export function expectedDataSize(header: PngHeader): number {
  const bits = (CHANNELS[header.colourType] ?? 4) * header.bitDepth;
  const rows = (width: number, height: number) =>
    width > 0 && height > 0 ? (Math.ceil((width * bits) / 8) + 1) * height : 0;
  if (!header.interlaced) return rows(header.width, header.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7)
    total += rows(Math.ceil((header.width - x0) / dx), Math.ceil((header.height - y0) / dy));
  return total;
}

/** Slack over the exact size, for encoders that flush a little extra (libpng only warns about it). */
const SLACK = 64 * 1024;

/**
 * Inflates the joined IDAT data once with the platform's zlib, bounded by the size the header implies:
 * a stream that would run past it (a decompression bomb) is refused after that many bytes, instead of
 * being run to its end by the decoder (seconds for a 600 KB file that inflates to 600 MiB).
 */
export async function checkDataSize(
  idat: Uint8Array,
  header: PngHeader,
  target: FailureTarget,
): Promise<void> {
  const expected = expectedDataSize(header);
  try {
    await zlibInflate(idat, expected + SLACK);
  } catch (error) {
    if (error instanceof RangeError)
      malformed(
        target,
        `PNG: the image data inflates to more than the ${expected} bytes its header declares`,
      );
    // A stream zlib refuses is refused here: the decoder would not say so for every fault (it skips the
    // Adler-32 check, so libpng's badadler.png decoded as if it were whole).
    const said = error instanceof Error ? error.message : String(error);
    malformed(target, `PNG: the image data is corrupt or truncated (zlib: ${said})`, error);
  }
}
