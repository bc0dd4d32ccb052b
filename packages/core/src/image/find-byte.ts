type IndexOf = (this: Uint8Array, value: number, from: number) => number;

let chosen: IndexOf | undefined;

/**
 * `Buffer.prototype.indexOf` (memchr: about 50× faster than `Uint8Array.prototype.indexOf` in V8)
 * where the runtime has a global `Buffer` (Node, Workers with `nodejs_compat`), found at run time so
 * the package imports nothing Node-only; the typed-array method elsewhere.
 */
function pick(): IndexOf {
  const buffer = (globalThis as { Buffer?: { prototype?: { indexOf?: unknown } } }).Buffer;
  const native = buffer?.prototype?.indexOf;
  if (typeof native !== 'function') return Uint8Array.prototype.indexOf;
  try {
    // A polyfilled Buffer may not accept a plain Uint8Array as `this`: check before trusting it.
    const probe = new Uint8Array([7, 0xff, 7, 0xff]).subarray(1);
    if ((native as IndexOf).call(probe, 0xff, 1) === 2) return native as IndexOf;
  } catch {
    // fall through
  }
  return Uint8Array.prototype.indexOf;
}

/** The index of the first `value` in `bytes` at or after `from` (≥ 0), or −1. */
export function findByte(bytes: Uint8Array, value: number, from: number): number {
  chosen ??= pick();
  return chosen.call(bytes, value, from);
}
