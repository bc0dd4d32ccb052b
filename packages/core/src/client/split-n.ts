/** One sub-call of a split request: how many images and the seed of its first image. */
export interface Chunk {
  n: number;
  seed: number | undefined;
  /** Index of the chunk's first image in the whole request. */
  offset: number;
}

/**
 * Splits `n` images into calls of at most `max`. Image i of the whole request gets seed `seed + i`
 * (mod 2^32), so a split request gives the same images as an unsplit one on a model that honours seeds.
 */
export function splitN(n: number, max: number, seed: number | undefined): Chunk[] {
  const chunks: Chunk[] = [];
  const size = Math.max(1, max);
  for (let offset = 0; offset < n; offset += size) {
    chunks.push({
      n: Math.min(size, n - offset),
      seed: seed === undefined ? undefined : (seed + offset) >>> 0,
      offset,
    });
  }
  return chunks;
}
