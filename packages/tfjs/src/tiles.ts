/** One tile of a tiled run: the core region it owns and the padded region the model sees (input pixels). */
export interface Tile {
  /** The region whose output this tile writes. */
  core: { x: number; y: number; width: number; height: number };
  /**
   * The region fed to the model: the core plus `overlap` pixels of context on each side. At the image's
   * borders it reaches outside the image; those pixels are mirrored in (see `mirrorIndex`), so the model
   * never sees the zero padding that darkens borders.
   */
  padded: { x: number; y: number; width: number; height: number };
}

/** Reflects a coordinate into `0 … size - 1` (…, 2, 1, 0, 1, 2, … at the start; likewise at the end). */
export function mirrorIndex(i: number, size: number): number {
  if (size === 1) return 0;
  const period = 2 * (size - 1);
  const m = ((i % period) + period) % period;
  return m < size ? m : period - m;
}

/**
 * Cuts a `width × height` image into tiles of at most `tileSize` pixels a side, each fed with
 * `overlap` pixels of context on every side so that seams and borders do not show. Cores cover the
 * image exactly once.
 */
export function planTiles(width: number, height: number, tileSize: number, overlap: number): Tile[] {
  if (!(tileSize >= 1) || !(overlap >= 0)) throw new RangeError('planTiles: tileSize ≥ 1 and overlap ≥ 0');
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y += tileSize) {
    for (let x = 0; x < width; x += tileSize) {
      const w = Math.min(tileSize, width - x);
      const h = Math.min(tileSize, height - y);
      tiles.push({
        core: { x, y, width: w, height: h },
        padded: { x: x - overlap, y: y - overlap, width: w + 2 * overlap, height: h + 2 * overlap },
      });
    }
  }
  return tiles;
}
