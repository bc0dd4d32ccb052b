import { CANONICAL } from './canonical.js';
import { codedLength } from './convolutional.js';
import { keyStream } from './key-stream.js';
import { PAYLOAD_BITS } from './payload.js';

/** Mid-band coefficients of each 8×8 block that carry the mark: zig-zag diagonals 3, 4 and 5. */
export const BAND: readonly number[] = (() => {
  const out: number[] = [];
  for (let sum = 3; sum <= 5; sum++) for (let ky = 0; ky <= sum; ky++) out.push(ky * 8 + (sum - ky));
  return out;
})();

export const BLOCKS_PER_SIDE = CANONICAL / 8;
export const BLOCKS = BLOCKS_PER_SIDE * BLOCKS_PER_SIDE;
export const SLOTS = BLOCKS * BAND.length;
export const CODED_BITS = codedLength(PAYLOAD_BITS);

/**
 * Where the mark goes, derived from the key: a permutation of every (block, coefficient) slot — the
 * first half carries the presence pilot, the rest is split among the coded payload bits — and a ±1
 * chip per slot. Slot index = block · |BAND| + band position.
 */
export interface Layout {
  pilot: Int32Array;
  /** Slots of coded bit j: `bits.subarray(j * perBit, (j + 1) * perBit)`. */
  bits: Int32Array;
  perBit: number;
  chips: Int8Array;
}

const cache = new Map<string, Promise<Layout>>();

async function build(key: string | Uint8Array): Promise<Layout> {
  const next = await keyStream(key, 'pictor.watermark.layout.v1');
  const order = new Int32Array(SLOTS);
  for (let i = 0; i < SLOTS; i++) order[i] = i;
  for (let i = SLOTS - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const chips = new Int8Array(SLOTS);
  for (let i = 0; i < SLOTS; i += 32) {
    const word = next();
    for (let b = 0; b < 32 && i + b < SLOTS; b++) chips[i + b] = (word >>> b) & 1 ? 1 : -1;
  }
  const half = SLOTS >> 1;
  const perBit = Math.floor((SLOTS - half) / CODED_BITS);
  return {
    pilot: order.subarray(0, half),
    bits: order.subarray(half, half + perBit * CODED_BITS),
    perBit,
    chips,
  };
}

/** The layout for a key (cached per key string; byte keys are not cached). */
export function layoutFor(key: string | Uint8Array): Promise<Layout> {
  if (typeof key !== 'string') return build(key);
  let layout = cache.get(key);
  if (!layout) {
    layout = build(key);
    cache.set(key, layout);
    if (cache.size > 16) cache.delete(cache.keys().next().value as string);
  }
  return layout;
}
