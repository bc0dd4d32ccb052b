import { crc32 } from './crc32.js';

type Crc32Function = (bytes: Uint8Array, value?: number) => number;

let chosen: Crc32Function | undefined;

/**
 * Node's `zlib.crc32` (Node ≥ 20.15, SIMD-accelerated), found at run time through
 * `process.getBuiltinModule` so the package entry imports nothing Node-only; undefined in runtimes
 * without it (Cloudflare Workers without `nodejs_compat`, browsers).
 */
function nativeCrc32(): Crc32Function | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const zlib = runtime?.getBuiltinModule?.('node:zlib') as { crc32?: Crc32Function } | undefined;
    return typeof zlib?.crc32 === 'function' ? zlib.crc32 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CRC-32 (the PNG/zlib polynomial) of `bytes`, continuing from `crc`: `zlib.crc32` where the
 * runtime has it (about 20× faster on large chunks), else the portable table-driven `crc32`.
 */
export function fastCrc32(bytes: Uint8Array, crc = 0): number {
  chosen ??= nativeCrc32() ?? crc32;
  return chosen(bytes, crc) >>> 0;
}

/** Which implementation `fastCrc32` uses here: `'zlib'` or `'portable'` (for benches and docs). */
export function crc32Implementation(): 'zlib' | 'portable' {
  chosen ??= nativeCrc32() ?? crc32;
  return chosen === crc32 ? 'portable' : 'zlib';
}
