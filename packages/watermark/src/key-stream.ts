// The key-seeded randomness of the layout: 128 bits from HMAC-SHA-256(key, purpose) feed
// xoshiro128**, so the slot permutation and chips cannot be enumerated without the key (a 32-bit
// seed could be). WebCrypto's HMAC runs in Node and in Workers.

/** A uint32 stream from 128 bits of state (xoshiro128**). */
export type Uint32Stream = () => number;

function xoshiro128(state: Uint32Array): Uint32Stream {
  let [a, b, c, d] = [state[0]!, state[1]!, state[2]!, state[3]!];
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** 32 bytes of HMAC-SHA-256(key, purpose). */
export async function hmac(key: string | Uint8Array, purpose: string): Promise<Uint8Array> {
  const raw = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(purpose)));
}

/** A uint32 stream keyed by `key` for `purpose` (different purposes are independent streams). */
export async function keyStream(key: string | Uint8Array, purpose: string): Promise<Uint32Stream> {
  const bytes = await hmac(key, purpose);
  const state = new Uint32Array(bytes.buffer.slice(0, 16));
  if (state.every((v) => v === 0)) state[0] = 1;
  return xoshiro128(state);
}
