import { InvalidRequestError } from '@pictor/core';
import { hammingDistance, pHash } from '../hash/phash.js';
import { decodeImage } from '../image/decode-image.js';
import { checkNumber } from '../options-check.js';
import type { Check, Judge, JudgeInput, Verdict } from '../types.js';

/** A protected image to compare against: its bytes (PNG/JPEG), or a precomputed `pHash` (16 hex digits). */
export interface ReferenceImage {
  /** How you name it in results (a file name, an asset id). */
  id: string;
  bytes?: Uint8Array;
  hash?: string;
}

/** Options of `nearDuplicate`. */
export interface NearDuplicateOptions {
  /** The reference set (brand assets, known artworks…). */
  references: readonly ReferenceImage[];
  /** Hamming distance (of 64 bits) at or below which an image is a near-duplicate. Default 10 (see the evaluation in the docs). */
  maxDistance?: number;
  /** Also compare the mirrored image (catches flipped copies). Default true. */
  mirror?: boolean;
  /** How many nearest matches to report. Default 3. */
  nearest?: number;
}

/** The `originality` check the judge adds to every check list. */
export const ORIGINALITY_CHECK: Check = {
  id: 'originality',
  kind: 'originality',
  question: 'Is the image free of near-copies of the reference images?',
};

/** The perceptual hash of an encoded image (to precompute a large reference set). */
export async function referenceHash(bytes: Uint8Array): Promise<string> {
  const decoded = await decodeImage(bytes);
  if (!decoded.image) throw new InvalidRequestError('references', decoded.error);
  return pHash(decoded.image);
}

/**
 * Compares each image's perceptual hash (pHash, 64 bits; also mirrored) with a reference set: a risk
 * score and the nearest matches. A screening signal, never a legal verdict: pHash misses crops and
 * re-compositions and can match unrelated flat images.
 *
 * @example
 * hallucinationCheck({ judges: [nearDuplicate({ references: [{ id: 'logo.png', bytes: logoBytes }] })] });
 */
export function nearDuplicate(options: NearDuplicateOptions): Judge {
  checkNumber(options.maxDistance, 'maxDistance', 0, 64, true);
  checkNumber(options.nearest, 'nearest', 1, 100, true);
  const { maxDistance = 10, mirror = true, nearest = 3 } = options;
  if (options.references.length === 0)
    throw new InvalidRequestError('references', 'the reference set is empty');
  options.references.forEach((reference, i) => {
    if (!reference.bytes && !reference.hash)
      throw new InvalidRequestError(`references[${i}]`, 'give bytes or hash');
    if (reference.hash !== undefined && !/^[0-9a-f]{16}$/.test(reference.hash))
      throw new InvalidRequestError(`references[${i}].hash`, 'expected 16 hex digits (a 64-bit pHash)');
  });
  let hashes: Promise<{ id: string; hash: string }[]> | undefined;
  const load = () => {
    hashes ??= Promise.all(
      options.references.map(async (r) => ({ id: r.id, hash: r.hash ?? (await referenceHash(r.bytes!)) })),
    );
    return hashes;
  };
  return {
    name: 'nearDuplicate',
    tier: 0,
    checks: [ORIGINALITY_CHECK],
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const check = input.checks.find((c) => c.id === ORIGINALITY_CHECK.id);
      if (!check) return [];
      if (!input.image)
        return [
          {
            check,
            verdict: 'uncertain',
            score: 0.5,
            judge: 'nearDuplicate',
            evidence: { reason: input.decodeError ?? 'undecodable' },
          },
        ];
      const references = await load();
      const own = [pHash(input.image), ...(mirror ? [pHash(input.image, true)] : [])];
      const matches = references
        .map((r) => ({ id: r.id, distance: Math.min(...own.map((h) => hammingDistance(h, r.hash))) }))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, nearest);
      const best = matches[0]!.distance;
      const risk = Math.max(0, Math.min(1, 1 - (best - maxDistance) / (maxDistance * 1.5)));
      const verdict = best <= maxDistance ? 'fail' : best <= maxDistance * 1.5 ? 'uncertain' : 'pass';
      return [
        {
          check,
          verdict,
          score: 1 - risk,
          judge: 'nearDuplicate',
          evidence: {
            risk,
            nearest: matches,
            hash: own[0],
            maxDistance,
            note: 'a perceptual-hash risk score, not a legal verdict',
          },
        },
      ];
    },
  };
}
