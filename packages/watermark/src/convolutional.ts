// The payload's error-correcting code: the rate-1/2, constraint-length-7 convolutional code
// (generators 171, 133 octal — the one of Voyager, 802.11 and DVB), with six zero tail bits, and a
// soft-decision Viterbi decoder. 64 payload bits → 140 coded bits. Soft decisions from the
// quantiser's distances buy several dB over decoding each bit alone.

const K = 7;
const STATES = 1 << (K - 1);
const G0 = 0o171;
const G1 = 0o133;

function parity(x: number): number {
  let v = x;
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return v & 1;
}

/** Coded bits (2 per input bit, plus the tail's). */
export function convolutionalEncode(bits: readonly number[]): number[] {
  const out: number[] = [];
  let register = 0;
  for (const bit of [...bits, ...Array(K - 1).fill(0)]) {
    register = ((register << 1) | bit) & ((1 << K) - 1);
    out.push(parity(register & G0), parity(register & G1));
  }
  return out;
}

/** The coded length for `n` payload bits. */
export function codedLength(n: number): number {
  return 2 * (n + K - 1);
}

/**
 * Soft-decision Viterbi: `soft[i]` > 0 means coded bit i is more likely 1 (any scale). Returns the
 * `n` most likely payload bits.
 */
export function viterbiDecode(soft: ArrayLike<number>, n: number): number[] {
  const steps = n + K - 1;
  let metric = new Float64Array(STATES).fill(-Infinity);
  metric[0] = 0;
  const from = new Uint8Array(steps * STATES);
  const inputs = new Uint8Array(steps * STATES);
  for (let t = 0; t < steps; t++) {
    const next = new Float64Array(STATES).fill(-Infinity);
    const s0 = soft[2 * t]!;
    const s1 = soft[2 * t + 1]!;
    for (let state = 0; state < STATES; state++) {
      const m = metric[state]!;
      if (m === -Infinity) continue;
      for (let bit = 0; bit < (t >= n ? 1 : 2); bit++) {
        const register = ((state << 1) | bit) & ((1 << K) - 1);
        const c0 = parity(register & G0);
        const c1 = parity(register & G1);
        const score = m + (c0 ? s0 : -s0) + (c1 ? s1 : -s1);
        const to = register & (STATES - 1);
        if (score > next[to]!) {
          next[to] = score;
          from[t * STATES + to] = state;
          inputs[t * STATES + to] = bit;
        }
      }
    }
    metric = next;
  }
  const bits = new Array<number>(steps);
  let state = 0;
  for (let t = steps - 1; t >= 0; t--) {
    bits[t] = inputs[t * STATES + state]!;
    state = from[t * STATES + state]!;
  }
  return bits.slice(0, n);
}
