import { InvalidRequestError } from '@pictor/core';
import { hashWords, pdqLuma, pdqWithMirror, wordDistance } from '../hash/pdq.js';
import { pHash } from '../hash/phash.js';
import { decodeImage } from '../image/decode-image.js';
import { checkNumber } from '../options-check.js';
import {
  checkVariants,
  hashReference,
  openReferences,
  type ReferenceEntry,
  type ReferenceStore,
  type ReferenceVariantOptions,
} from '../references/reference-store.js';
import type { Check, Judge, JudgeInput, Verdict } from '../types.js';

/**
 * A protected image given inline: its bytes (PNG/JPEG/WebP), or a precomputed hash — a PDQ hash
 * (64 hex digits) or a 64-bit pHash (16 hex digits; only for `algorithm: 'phash'`).
 */
export interface ReferenceImage {
  /** How you name it in results (a file name, an asset id). */
  id: string;
  bytes?: Uint8Array;
  hash?: string;
}

/** Options of `nearDuplicate`. */
export interface NearDuplicateOptions {
  /**
   * The protected works: inline images, a `ReferenceStore` (`memoryReferences`, `folderReferences`,
   * `indexReferences`), or the path of a folder of images or of a `.jsonl` index file.
   */
  references: readonly ReferenceImage[] | ReferenceStore | string;
  /** `pdq` (default: Meta's 256-bit hash, with the works' rotated and cropped variants) or `phash` (64 bits, the work itself only). */
  algorithm?: 'pdq' | 'phash';
  /** Hamming distance at or below which an image is a near-duplicate. Default 48 of 256 for PDQ, 10 of 64 for pHash (see the evaluation in the docs). */
  maxDistance?: number;
  /** Also compare the mirrored image (catches flipped copies). Default true. */
  mirror?: boolean;
  /** How many nearest matches to report. Default 3. */
  nearest?: number;
  /** PDQ quality (0–100) under which a match is only `uncertain`: flat, low-detail images match too easily. Default 20. */
  minQuality?: number;
  /** Variants hashed for inline works given as bytes (stores use their own). */
  variants?: ReferenceVariantOptions;
}

/** Default PDQ match distance (of 256 bits), calibrated in the docs' evaluation. */
export const PDQ_MAX_DISTANCE = 48;
/** Default pHash match distance (of 64 bits). */
export const PHASH_MAX_DISTANCE = 10;

/** The `originality` check the judge adds to every check list. */
export const ORIGINALITY_CHECK: Check = {
  id: 'originality',
  kind: 'originality',
  question: 'Is the image free of near-copies of the reference images?',
};

/** The 64-bit pHash of an encoded image (to precompute a large reference set for `algorithm: 'phash'`). */
export async function referenceHash(bytes: Uint8Array): Promise<string> {
  const decoded = await decodeImage(bytes);
  if (!decoded.image) throw new InvalidRequestError('references', decoded.error);
  return pHash(decoded.image);
}

interface Prepared {
  id: string;
  /** Word form of every hash compared (PDQ: the work and its variants; pHash: the work). */
  words: Uint32Array[];
  hex: string[];
}

function isStore(value: unknown): value is ReferenceStore {
  return typeof value === 'object' && value !== null && typeof (value as ReferenceStore).list === 'function';
}

/**
 * Compares each image with a set of protected works by perceptual hash: PDQ (256 bits, Meta's
 * industry-standard hash) against every work and its rotated and cropped variants, or the 64-bit
 * pHash; also mirrored. Gives a risk score and the nearest matches — a screening signal, never a
 * legal verdict: it sees copies, not re-drawings or style.
 *
 * @example
 * hallucinationCheck({ judges: [nearDuplicate({ references: 'protected-works/' })] });
 */
export function nearDuplicate(options: NearDuplicateOptions): Judge {
  const algorithm = options.algorithm ?? 'pdq';
  if (algorithm !== 'pdq' && algorithm !== 'phash')
    throw new InvalidRequestError('algorithm', "expected 'pdq' or 'phash'");
  const bits = algorithm === 'pdq' ? 256 : 64;
  checkNumber(options.maxDistance, 'maxDistance', 0, bits, true);
  checkNumber(options.nearest, 'nearest', 1, 100, true);
  checkNumber(options.minQuality, 'minQuality', 0, 100, true);
  const {
    maxDistance = algorithm === 'pdq' ? PDQ_MAX_DISTANCE : PHASH_MAX_DISTANCE,
    mirror = true,
    nearest = 3,
    minQuality = 20,
  } = options;
  // Matches a little past the threshold are reported as uncertain.
  const uncertainTo = algorithm === 'pdq' ? maxDistance + Math.round(maxDistance / 4) : maxDistance * 1.5;
  const references = options.references;
  let store: ReferenceStore | undefined;
  let inline: Promise<Prepared[]> | undefined;
  if (typeof references === 'string') store = openReferences(references, {});
  else if (isStore(references)) store = references;
  else {
    if (!Array.isArray(references) || references.length === 0)
      throw new InvalidRequestError('references', 'the reference set is empty');
    const length = algorithm === 'pdq' ? 64 : 16;
    references.forEach((reference, i) => {
      if (!reference.bytes && !reference.hash)
        throw new InvalidRequestError(`references[${i}]`, 'give bytes or hash');
      if (reference.hash !== undefined && !new RegExp(`^[0-9a-f]{${length}}$`).test(reference.hash))
        throw new InvalidRequestError(
          `references[${i}].hash`,
          algorithm === 'pdq'
            ? 'expected 64 hex digits (a PDQ hash; pHashes need algorithm: "phash")'
            : 'expected 16 hex digits (a 64-bit pHash)',
        );
    });
    if (options.variants) checkVariants(options.variants);
  }
  const prepare = (entries: readonly ReferenceEntry[]): Prepared[] =>
    entries.map((e) => {
      const hex = algorithm === 'pdq' ? [e.pdq, ...e.variants] : [e.phash];
      return { id: e.id, hex, words: hex.map(hashWords) };
    });
  const load = async (): Promise<Prepared[]> => {
    if (store) return prepare(await store.list());
    inline ??= Promise.all(
      (references as readonly ReferenceImage[]).map(async (r, i): Promise<Prepared> => {
        if (r.hash) return { id: r.id, hex: [r.hash], words: [hashWords(r.hash)] };
        const variants = options.variants ? { variants: options.variants } : {};
        const [entry] = prepare([await hashReference(r.id, r.bytes!, variants, `references[${i}]`)]);
        return entry!;
      }),
    );
    return inline;
  };
  return {
    name: 'nearDuplicate',
    tier: 0,
    checks: [ORIGINALITY_CHECK],
    async judge(input: JudgeInput): Promise<Verdict[]> {
      const check = input.checks.find((c) => c.id === ORIGINALITY_CHECK.id);
      if (!check) return [];
      const uncertain = (reason: string): Verdict[] => [
        { check, verdict: 'uncertain', score: 0.5, judge: 'nearDuplicate', evidence: { reason } },
      ];
      if (!input.image) return uncertain(input.decodeError ?? 'undecodable');
      const prepared = await load();
      if (prepared.length === 0) return uncertain('the reference store is empty');
      let own: string[];
      let quality: number | undefined;
      if (algorithm === 'pdq') {
        // The mirror's hash comes from the same blur, sampled at the mirrored places (the same
        // hash as mirroring the pixels first; the DCT sign flip is exact only at 64×64).
        let cached = input.image.derived.get('pdq') as
          | { hash: string; mirror: string; quality: number }
          | undefined;
        if (!cached) {
          cached = pdqWithMirror(pdqLuma(input.image));
          input.image.derived.set('pdq', cached);
        }
        own = mirror ? [cached.hash, cached.mirror] : [cached.hash];
        quality = cached.quality;
      } else own = [pHash(input.image), ...(mirror ? [pHash(input.image, true)] : [])];
      const ownWords = own.map(hashWords);
      const matches = prepared
        .map((r) => {
          let distance = bits;
          let variant = 0;
          r.words.forEach((words, v) => {
            for (const mine of ownWords) {
              const d = wordDistance(mine, words);
              if (d < distance) {
                distance = d;
                variant = v;
              }
            }
          });
          return { id: r.id, distance, variant: variant === 0 ? 'original' : `variant ${variant}` };
        })
        .sort((a, b) => a.distance - b.distance)
        .slice(0, nearest);
      const best = matches[0]!.distance;
      const risk = Math.max(
        0,
        Math.min(1, 1 - (best - maxDistance) / Math.max(1, uncertainTo - maxDistance) / 2),
      );
      let verdict: Verdict['verdict'] =
        best <= maxDistance ? 'fail' : best <= uncertainTo ? 'uncertain' : 'pass';
      const lowQuality = quality !== undefined && quality < minQuality && verdict === 'fail';
      if (lowQuality) verdict = 'uncertain';
      return [
        {
          check,
          verdict,
          score: 1 - risk,
          judge: 'nearDuplicate',
          evidence: {
            risk,
            nearest: matches,
            algorithm,
            hash: own[0],
            ...(quality === undefined ? {} : { quality }),
            maxDistance,
            ...(lowQuality
              ? { reason: `a low-detail image (PDQ quality ${quality} < ${minQuality}) matches too easily` }
              : {}),
            note: 'a perceptual-hash risk score, not a legal verdict',
          },
        },
      ];
    },
  };
}
