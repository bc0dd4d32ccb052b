// The 64-bit payload: scheme version (8 bits) | record id (40 bits) | CRC-16/CCITT of the first 48.

/** The scheme version new marks carry (detection also reads version 1). */
export const SCHEME_VERSION = 2;
export const PAYLOAD_BITS = 64;

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over bits, most significant first. */
export function crc16(bits: readonly number[]): number {
  let crc = 0xffff;
  for (const bit of bits) {
    const top = ((crc >> 15) & 1) ^ bit;
    crc = (crc << 1) & 0xffff;
    if (top) crc ^= 0x1021;
  }
  return crc;
}

function toBits(value: bigint, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((value >> BigInt(count - 1 - i)) & 1n));
}

function fromBits(bits: readonly number[]): bigint {
  return bits.reduce((acc, bit) => (acc << 1n) | BigInt(bit), 0n);
}

/** The 64 payload bits for a record id (40 bits, as 10 hex digits). */
export function encodePayload(recordId: string, version = SCHEME_VERSION): number[] {
  if (!/^[0-9a-f]{10}$/.test(recordId))
    throw new RangeError('recordId: expected 10 lowercase hex digits (40 bits)');
  const head = [...toBits(BigInt(version), 8), ...toBits(BigInt(`0x${recordId}`), 40)];
  return [...head, ...toBits(BigInt(crc16(head)), 16)];
}

/** The version and record id of 64 bits whose CRC checks, else undefined. */
export function decodePayload(bits: readonly number[]): { version: number; recordId: string } | undefined {
  if (bits.length !== PAYLOAD_BITS) return undefined;
  const head = bits.slice(0, 48);
  if (crc16(head) !== Number(fromBits(bits.slice(48)))) return undefined;
  return {
    version: Number(fromBits(head.slice(0, 8))),
    recordId: fromBits(head.slice(8)).toString(16).padStart(10, '0'),
  };
}

/** A random 40-bit record id (10 hex digits). */
export function randomRecordId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
