// The validator fuzz loop, shared by the CI test (test/core/validator-fuzz.test.ts) and the long run
// (`pnpm bench image-fuzz`): seeded mutations of the PNG, JPEG and WebP fixtures through
// checkImage, validateImage and, for every `writerEvery`-th input, writeProvenance.
import { readFileSync } from 'node:fs';
import { checkImage, createPrng, InvalidResponseError, validateImage } from '@pictor/core';
import { MalformedImageError, writeProvenance } from '@pictor/licence-tagging';
import { mutate } from './mutate.js';

const SEEDS = [
  'pngsuite/basn3p08.png',
  'pngsuite/basn6a16.png',
  'png/im-interlaced-palette.png',
  'jpeg/cjpeg-progressive.jpg',
  'jpeg/cjpeg-arithmetic.jpg',
  'jpeg/exiftool-trailer.jpg',
  'webp/cwebp-lossy-alpha.webp',
  'webp/tiny-lossless-28.webp',
  'webp/img2webp-animated.webp',
];
const FIELDS = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
};

/** What a fuzz run saw. */
export interface FuzzOutcome {
  inputs: number;
  accepted: number;
  refused: number;
  written: number;
  /** Anything that is not a verdict or a typed error, or where validator and writers disagree. */
  unexpected: string[];
  /** The slowest single checkImage call, in ms. */
  slowestMs: number;
  totalMs: number;
}

/** Runs `inputs` seeded mutations; stops early after 5 unexpected outcomes. */
export function fuzzValidator(inputs: number, seed: number, writerEvery = 10): FuzzOutcome {
  const seeds = SEEDS.map(
    (path) => new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url))),
  );
  const next = createPrng(seed);
  const outcome: FuzzOutcome = {
    inputs,
    accepted: 0,
    refused: 0,
    written: 0,
    unexpected: [],
    slowestMs: 0,
    totalMs: 0,
  };
  const { unexpected } = outcome;
  const begin = performance.now();
  for (let i = 0; i < inputs && unexpected.length < 5; i++) {
    const input = mutate(seeds[i % seeds.length]!, next);
    const start = performance.now();
    let verdict: ReturnType<typeof checkImage>;
    try {
      verdict = checkImage(input);
    } catch (error) {
      unexpected.push(`check #${i}: ${String(error)}`);
      continue;
    }
    outcome.slowestMs = Math.max(outcome.slowestMs, performance.now() - start);
    if (verdict.ok) outcome.accepted++;
    else outcome.refused++;
    try {
      validateImage(input);
      if (!verdict.ok) unexpected.push(`validate #${i}: accepted what checkImage refused`);
    } catch (error) {
      if (verdict.ok || !InvalidResponseError.isInstance(error))
        unexpected.push(`validate #${i}: ${String(error)}`);
    }
    if (i % writerEvery !== 0 || (verdict.ok && verdict.image.mediaType === 'image/gif')) continue;
    try {
      const result = writeProvenance(input, FIELDS);
      if (!verdict.ok) unexpected.push(`write #${i}: tagged what the validator refused`);
      if (result.written) {
        outcome.written++;
        if (!checkImage(result.bytes).ok) unexpected.push(`write #${i}: wrote a file the validator refuses`);
      }
    } catch (error) {
      if (!MalformedImageError.isInstance(error)) unexpected.push(`write #${i}: ${String(error)}`);
      else if (verdict.ok)
        unexpected.push(`write #${i}: refused what the validator accepts: ${error.message}`);
    }
  }
  outcome.totalMs = performance.now() - begin;
  return outcome;
}
