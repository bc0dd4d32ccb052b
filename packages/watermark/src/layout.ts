import { CANONICAL } from './canonical.js';
import { codedLength } from './convolutional.js';
import { keyStream } from './key-stream.js';
import { PAYLOAD_BITS } from './payload.js';

/** Mid-band coefficients of each 8×8 block (row-major k_y·8 + k_x): zig-zag diagonals 3, 4 and 5. */
export const BAND: readonly number[] = (() => {
  const out: number[] = [];
  for (let sum = 3; sum <= 5; sum++) for (let ky = 0; ky <= sum; ky++) out.push(ky * 8 + (sum - ky));
  return out;
})();

/** Scheme 2's payload coefficients: zig-zag positions 1–3 ((0,1), (1,0), (2,0)), which survive compression and downscaling best. */
export const LOW_BAND: readonly number[] = [1, 8, 16];

export const BLOCKS_PER_SIDE = CANONICAL / 8;
export const BLOCKS = BLOCKS_PER_SIDE * BLOCKS_PER_SIDE;
/** Mid-band slots: slot index = block · |BAND| + band position. */
export const SLOTS = BLOCKS * BAND.length;
/** Low-band slots (scheme 2's payload): block · |LOW_BAND| + position. */
export const LOW_SLOTS = BLOCKS * LOW_BAND.length;
export const CODED_BITS = codedLength(PAYLOAD_BITS);

/** Scheme 2's share of the mid band given to the pilot (scheme 1: one half). */
export const PILOT_FRACTION_V2 = 0.6;

/**
 * Where the mark goes, derived from the key. A key-seeded permutation of the mid-band slots: its
 * first half (scheme 1) or first 60 % (scheme 2, a superset) carries the ±1 presence pilot; in
 * scheme 1 the rest is split among the coded payload bits, in scheme 2 the payload bits use a second
 * permutation of the low-band slots. A ±1 chip per slot.
 */
export interface Layout {
  /** Scheme 1's pilot slots (mid band). */
  pilot: Int32Array;
  /** Scheme 2's pilot slots (mid band): scheme 1's, and more. */
  pilot2: Int32Array;
  /** Scheme 1's slots of coded bit j (mid band): `bits.subarray(j * perBit, (j + 1) * perBit)`. */
  bits: Int32Array;
  perBit: number;
  /** Mid-band chips. */
  chips: Int8Array;
  /** Scheme 2's slots of coded bit j (low band): `bits2.subarray(j * perBit2, (j + 1) * perBit2)`. */
  bits2: Int32Array;
  perBit2: number;
  /** Low-band chips. */
  chips2: Int8Array;
}

function permutation(size: number, next: () => number): Int32Array {
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

function chipsOf(size: number, next: () => number): Int8Array {
  const chips = new Int8Array(size);
  for (let i = 0; i < size; i += 32) {
    const word = next();
    for (let b = 0; b < 32 && i + b < size; b++) chips[i + b] = (word >>> b) & 1 ? 1 : -1;
  }
  return chips;
}

const cache = new Map<string, Promise<Layout>>();

async function build(key: string | Uint8Array): Promise<Layout> {
  const next = await keyStream(key, 'pictor.watermark.layout.v1');
  const order = permutation(SLOTS, next);
  const chips = chipsOf(SLOTS, next);
  const half = SLOTS >> 1;
  const perBit = Math.floor((SLOTS - half) / CODED_BITS);
  const low = await keyStream(key, 'pictor.watermark.layout.v2.low');
  const order2 = permutation(LOW_SLOTS, low);
  const chips2 = chipsOf(LOW_SLOTS, low);
  const perBit2 = Math.floor(LOW_SLOTS / CODED_BITS);
  return {
    pilot: order.subarray(0, half),
    pilot2: order.subarray(0, Math.round(SLOTS * PILOT_FRACTION_V2)),
    bits: order.subarray(half, half + perBit * CODED_BITS),
    perBit,
    chips,
    bits2: order2.subarray(0, perBit2 * CODED_BITS),
    perBit2,
    chips2,
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
