/**
 * Turns the generator's `image` output (NCHW, RGB, values in [-1, 1]) into one RGB byte array per
 * image (row-major, 3 bytes per pixel), with the model card's rule: `round((x + 1) · 127.5)` clamped
 * to 0–255. Every runtime uses this, so equal tensors give equal bytes.
 *
 * @example
 * const [rgb] = imagesFromOutput(output.data, { count: 1, size: 32 });
 * const png = await encodePng({ width: 32, height: 32, data: rgb }, 3);
 */
export function imagesFromOutput(
  data: ArrayLike<number>,
  shape: { count: number; size: number },
): Uint8Array[] {
  const { count, size } = shape;
  const plane = size * size;
  if (data.length !== count * 3 * plane) {
    throw new RangeError(`imagesFromOutput: expected ${count}×3×${size}×${size} values, got ${data.length}`);
  }
  const images: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const rgb = new Uint8Array(plane * 3);
    const base = n * 3 * plane;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < plane; p++) {
        const value = Math.round((data[base + c * plane + p]! + 1) * 127.5);
        rgb[p * 3 + c] = Math.min(255, Math.max(0, value));
      }
    }
    images.push(rgb);
  }
  return images;
}
