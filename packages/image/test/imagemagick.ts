// ImageMagick's decode of a file, as the reference the tests compare against.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The decoder fixtures (see test/fixtures/decode/README.md). */
export const fixtures = fileURLToPath(new URL('../../../test/fixtures/decode/', import.meta.url));

/**
 * RGBA at 16 bits from ImageMagick, rounded to 8 (v / 257 to the nearest), as this package scales
 * 16-bit PNGs: an exact comparison for every bit depth. The first frame of an animation.
 *
 * `stored: true` (for PNG) gives the samples as the file stores them: ImageMagick would otherwise
 * convert a file whose `gAMA` chunk says linear (PngSuite's gamma 1.0 files) to sRGB on output, where
 * decoders, this package's included, return the stored samples and leave colour management alone.
 */
export function magickRgba(path: string, options: { stored?: boolean } = {}): Uint8Array {
  const colourspace = options.stored ? ['-set', 'colorspace', 'sRGB'] : ['-colorspace', 'sRGB'];
  const out = execFileSync(
    'convert',
    [`${path}[0]`, ...colourspace, '-depth', '16', '-endian', 'LSB', 'rgba:-'],
    { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const wide = new Uint16Array(out.buffer, out.byteOffset, out.byteLength / 2);
  const rgba = new Uint8Array(wide.length);
  for (let i = 0; i < wide.length; i++) rgba[i] = ((wide[i]! + 128) / 257) | 0;
  return rgba;
}

/** Mean absolute difference over the R, G and B channels. */
export function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((a.length * 3) / 4);
}
