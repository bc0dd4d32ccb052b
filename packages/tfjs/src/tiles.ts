/** One tile of a tiled run: the core region it owns and the padded region the model sees (input pixels). */
export interface Tile {
  /** The region whose output this tile writes. */
  core: { x: number; y: number; width: number; height: number };
  /** The region fed to the model: the core plus up to `overlap` pixels of context on each side. */
  padded: { x: number; y: number; width: number; height: number };
}

/**
 * Cuts a `width × height` image into tiles of at most `tileSize` pixels a side, each fed with
 * `overlap` pixels of context so that seams do not show. Cores cover the image exactly once.
 */
export function planTiles(width: number, height: number, tileSize: number, overlap: number): Tile[] {
  if (!(tileSize >= 1) || !(overlap >= 0)) throw new RangeError('planTiles: tileSize ≥ 1 and overlap ≥ 0');
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y += tileSize) {
    for (let x = 0; x < width; x += tileSize) {
      const w = Math.min(tileSize, width - x);
      const h = Math.min(tileSize, height - y);
      const px = Math.max(0, x - overlap);
      const py = Math.max(0, y - overlap);
      const pr = Math.min(width, x + w + overlap);
      const pb = Math.min(height, y + h + overlap);
      tiles.push({
        core: { x, y, width: w, height: h },
        padded: { x: px, y: py, width: pr - px, height: pb - py },
      });
    }
  }
  return tiles;
}
