import { encodePng } from '@pictor/core';

/** A real w×h PNG filled with one colour. */
export function solidPng(
  width: number,
  height: number,
  rgb: [number, number, number] = [200, 30, 30],
): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return encodePng({ width, height, data });
}

/** Resolves the promise's rejection (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
