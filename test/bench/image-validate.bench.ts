// The cost of the one image validator on a 1 MiB PNG and a 1 MiB JPEG, against one `Buffer` copy
// of the same bytes (the goal: ≤ 1×), run side by side in this process. The PNG is a
// 512×512 RGBA noise image (no compression possible: one large IDAT, every byte CRC-checked); the
// JPEG is 1024×1024 noise from libjpeg (sharp), every scan byte walked.
import { crc32, crc32Implementation, createPrng, encodePng, validateImage } from '@pictor/core';
import sharp from 'sharp';
import type { BenchFigure } from './harness.js';
import { sideBySide } from './harness.js';

function noise(length: number): Uint8Array {
  const next = createPrng(7);
  return Uint8Array.from({ length }, () => next() & 0xff);
}

export default async function run(): Promise<BenchFigure[]> {
  const png = await encodePng({ width: 512, height: 512, data: noise(512 * 512 * 4) });
  const pixels = noise(1024 * 1024 * 3);
  const jpeg = new Uint8Array(
    await sharp(pixels, { raw: { width: 1024, height: 1024, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  const figures: BenchFigure[] = [];
  const rounds = 10;
  const perRound = 200;
  for (const [name, bytes] of [
    ['PNG', png],
    ['JPEG', jpeg],
  ] as const) {
    const copy = () => Buffer.from(bytes);
    await sideBySide(() => validateImage(bytes), copy, 2, perRound); // warm-up
    const { aMs, bMs } = await sideBySide(() => validateImage(bytes), copy, rounds, perRound);
    const calls = rounds * perRound;
    const ratio = aMs / bMs;
    figures.push({
      name: `validateImage, ${(bytes.length / 2 ** 20).toFixed(2)} MiB ${name}, per call`,
      value: (aMs / calls) * 1000,
      unit: 'µs',
      baseline: { name: 'one Buffer copy of the same bytes', value: (bMs / calls) * 1000, unit: 'µs' },
      ratio,
      goal: '≤ 1×',
      met: ratio <= 1,
      note: `CRC: ${crc32Implementation()}`,
    });
  }
  const header = await sideBySide(
    () => validateImage(png, { level: 'header' }),
    () => Buffer.from(png),
    rounds,
    perRound,
  );
  figures.push({
    name: "validateImage level 'header', the same PNG, per call",
    value: (header.aMs / (rounds * perRound)) * 1000,
    unit: 'µs',
    ratio: header.aMs / header.bMs,
  });
  // What the portable CRC (the Workers path) costs on the same PNG's bytes.
  const portable = await sideBySide(
    () => crc32(png),
    () => Buffer.from(png),
    3,
    20,
  );
  figures.push({
    name: 'portable crc32 over the 1 MiB PNG (the runtime without zlib.crc32), per call',
    value: (portable.aMs / 60) * 1000,
    unit: 'µs',
    baseline: { name: 'one Buffer copy', value: (portable.bMs / 60) * 1000, unit: 'µs' },
    ratio: portable.aMs / portable.bMs,
  });
  return figures;
}
