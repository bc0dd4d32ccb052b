import type { CallOptions } from '../spec/call-options.js';

/** Where the client records, on the call options it passes in, the seed it drew for a seedless request. */
const drawnSeedKey = Symbol.for('pictor.drawnSeed');

/** The seed the client drew for this call (and the call's image offset in a split request). */
export interface DrawnSeed {
  /** The seed this call's request carries because the caller named none. */
  seed: number;
  /** Index of the call's first image in the whole request (split `n`), 0 otherwise. */
  offset: number;
}

/** The call options with the client's drawn seed recorded (the seed itself stays on the request). */
export function withDrawnSeed(options: CallOptions, drawn: DrawnSeed): CallOptions {
  return { ...options, [drawnSeedKey]: drawn } as CallOptions;
}

/** The drawn seed recorded on these call options, when the client drew one. */
export function callSeedOf(options: CallOptions): DrawnSeed | undefined {
  const value = (options as Record<symbol, unknown>)[drawnSeedKey];
  return value && typeof value === 'object' ? (value as DrawnSeed) : undefined;
}
