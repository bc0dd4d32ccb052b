// The cost of the one image validator on a 1 MiB PNG and a 1 MiB JPEG, against one `Buffer` copy
// of the same bytes (the goal: ≤ 1×), run side by side in this process. The PNG is a
// 512×512 RGBA noise image (no compression possible: one large IDAT, every byte CRC-checked); the
// JPEG is 1024×1024 noise from libjpeg (sharp, quality 93: about 1 MiB), every scan byte walked.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, crc32Implementation, createPrng, encodePng, validateImage } from '@pictor/core';
import sharp from 'sharp';
import type { BenchFigure } from './harness.js';
import { measure, sideBySide } from './harness.js';

function noise(length: number): Uint8Array {
  const next = createPrng(7);
  return Uint8Array.from({ length }, () => next() & 0xff);
}

/** The one-table byte loop core used before slice-by-16: the portable CRC's baseline. */
const byteTable = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function byteLoopCrc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = byteTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export default async function run(): Promise<BenchFigure[]> {
  const png = await encodePng({ width: 512, height: 512, data: noise(512 * 512 * 4) });
  const pixels = noise(1024 * 1024 * 3);
  const jpeg = new Uint8Array(
    await sharp(pixels, { raw: { width: 1024, height: 1024, channels: 3 } })
      .jpeg({ quality: 93 })
      .toBuffer(),
  );
  const figures: BenchFigure[] = [];
  const rounds = 10;
  const perRound = 200;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, bytes] of [
    ['PNG', png],
    ['JPEG', jpeg],
  ] as const) {
    // Alternating rounds; per-call medians, so a garbage collection set off by the copies'
    // allocations does not land on whichever side happens to run when it strikes.
    const validate: number[] = [];
    const copy: number[] = [];
    for (let round = 0; round < rounds; round++) {
      validate.push((await measure(() => validateImage(bytes), perRound, 20)).medianMs);
      copy.push((await measure(() => Buffer.from(bytes), perRound, 20)).medianMs);
    }
    const ratio = median(validate.map((ms, i) => ms / copy[i]!));
    figures.push({
      name: `validateImage, ${(bytes.length / 2 ** 20).toFixed(2)} MiB ${name}, per call (median)`,
      value: median(validate) * 1000,
      unit: 'µs',
      baseline: { name: 'one Buffer copy of the same bytes', value: median(copy) * 1000, unit: 'µs' },
      ratio,
      goal: '≤ 1×',
      met: ratio <= 1,
      note: `CRC: ${crc32Implementation()}; ${rounds} alternating rounds of ${perRound}`,
    });
  }
  // The parts of the PNG figure, each against the same copy in alternating rounds: the CRC alone
  // (zlib.crc32 over the bytes: all the validator does beyond a walk over three chunk headers) and a
  // copy into an existing buffer (memcpy without the allocation and page faults of a new one).
  const target = new Uint8Array(png.length);
  const parts = {
    crc: () => zlibCrc32(png),
    copy: () => Buffer.from(png),
    memcpy: () => target.set(png),
  };
  const partTimes: Record<string, number[]> = { crc: [], copy: [], memcpy: [] };
  for (let round = 0; round < rounds; round++)
    for (const [name, fn] of Object.entries(parts))
      partTimes[name]!.push((await measure(fn, perRound, 20)).medianMs);
  const against = (a: string, b: string) => median(partTimes[a]!.map((ms, i) => ms / partTimes[b]![i]!));
  const partNote = `the 1 MiB PNG; ${rounds} alternating rounds of ${perRound}, per-call medians`;
  figures.push(
    {
      name: 'part: zlib.crc32 alone over the 1 MiB PNG, per call (median)',
      value: median(partTimes.crc!) * 1000,
      unit: 'µs',
      baseline: { name: 'one Buffer copy', value: median(partTimes.copy!) * 1000, unit: 'µs' },
      ratio: against('crc', 'copy'),
      note: `${partNote}; ${(png.length / median(partTimes.crc!) / 1e6).toFixed(2)} GB/s`,
    },
    {
      name: 'part: copy into an existing buffer (memcpy, no allocation), per call (median)',
      value: median(partTimes.memcpy!) * 1000,
      unit: 'µs',
      baseline: { name: 'one Buffer copy', value: median(partTimes.copy!) * 1000, unit: 'µs' },
      ratio: against('memcpy', 'copy'),
      note: `${partNote}; ${(png.length / median(partTimes.memcpy!) / 1e6).toFixed(2)} GB/s`,
    },
  );
  const header = await measure(() => validateImage(png, { level: 'header' }), 2000, 200);
  figures.push({
    name: "validateImage level 'header', the same PNG, per call (median)",
    value: header.medianMs * 1000,
    unit: 'µs',
  });
  // What the portable CRC (the Workers path) costs on the same PNG's bytes, against a copy and
  // against the one-table byte loop it replaced.
  const portable = await sideBySide(
    () => crc32(png),
    () => Buffer.from(png),
    3,
    20,
  );
  const loop = await sideBySide(
    () => crc32(png),
    () => byteLoopCrc32(png),
    3,
    10,
  );
  if (crc32(png) !== byteLoopCrc32(png)) throw new Error('the two portable CRCs disagree');
  figures.push(
    {
      name: 'portable crc32 (slice-by-16) over the 1 MiB PNG (the runtime without zlib.crc32), per call',
      value: (portable.aMs / 60) * 1000,
      unit: 'µs',
      baseline: { name: 'one Buffer copy', value: (portable.bMs / 60) * 1000, unit: 'µs' },
      ratio: portable.aMs / portable.bMs,
    },
    {
      name: 'portable crc32 (slice-by-16) ÷ the one-table byte loop it replaced, same bytes',
      value: loop.aMs / loop.bMs,
      unit: '×',
      baseline: { name: 'byte loop', value: (loop.bMs / 30) * 1000, unit: 'µs' },
      ratio: loop.aMs / loop.bMs,
      note: '3 alternating rounds of 10',
    },
  );
  return figures;
}
