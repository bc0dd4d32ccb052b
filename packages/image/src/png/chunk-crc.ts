import { crc32 } from '@pictor/core';

type Crc32 = (bytes: Uint8Array) => number;

let native: Crc32 | null | undefined;

/**
 * CRC-32 of a chunk: Node's native `zlib.crc32` where the runtime has it (Node ≥ 20.15; about 2.5×
 * faster than core's slice-by-16 `crc32` on a 1 MiB file), else that (Workers, browsers).
 */
export function chunkCrc(bytes: Uint8Array): number {
  if (native === undefined) {
    const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
      ?.getBuiltinModule;
    native = (get?.('node:zlib') as { crc32?: Crc32 } | undefined)?.crc32 ?? null;
  }
  return native ? native(bytes) : crc32(bytes);
}
