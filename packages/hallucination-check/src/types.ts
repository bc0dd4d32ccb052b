import type { GenerateRequest } from '@pictor/core';
import type { DecodedImage } from './image/decode-image.js';

/**
 * What a check asks about (DSG-style atomic tuples):
 * - `image`: the picture is a real picture (not blank, uniform, near-black, noise; right size; decodable);
 * - `prompt`: the picture as a whole matches the prompt (CLIPScore / VQAScore style);
 * - `entity`: an entity is present; `count`: it appears exactly `count` times;
 * - `attribute`: an entity has an attribute (a colour, or another adjective);
 * - `relation`: a spatial relation between two entities;
 * - `anatomy`: people look right (face count, hands);
 * - `originality`: the picture is not a near-copy of a reference image (added by the `nearDuplicate` judge).
 */
export type CheckKind =
  | 'image'
  | 'prompt'
  | 'entity'
  | 'count'
  | 'attribute'
  | 'relation'
  | 'anatomy'
  | 'originality';

/** One atomic, checkable statement derived from the prompt. */
export interface Check {
  /** Stable id within the check list (`e1`, `c1`, `a1`, `r1`, `h1`, `image`, `prompt`). */
  id: string;
  /** What kind of statement it is. */
  kind: CheckKind;
  /** The statement as a yes/no question a person or a VQA model can answer. */
  question: string;
  /** The entity concerned (singular noun, e.g. `apple`), for entity, count, attribute, relation and anatomy checks. */
  entity?: string;
  /** The expected number, for `count` checks (and `anatomy` face counts). */
  count?: number;
  /** The attribute, for `attribute` checks (e.g. `red`). */
  attribute?: string;
  /** The relation, for `relation` checks: `apple` `on` `table`. */
  relation?: { predicate: string; object: string };
  /** What an `anatomy` check looks at. */
  anatomy?: 'faces' | 'hands';
  /** Ids of checks this one depends on: when a parent fails, this one fails too (DSG rule). */
  dependsOn?: string[];
}

/** A judge's answer to one check. */
export interface Verdict {
  /** The check judged. */
  check: Check;
  /** `pass`, `fail`, or `uncertain` (a later tier may settle it). */
  verdict: 'pass' | 'fail' | 'uncertain';
  /** The judge's confidence that the check holds, 0..1 (a probability-like score, not calibrated across judges). */
  score: number;
  /** The judge that gave it. */
  judge: string;
  /** Why: boxes, counts, similarities, the question asked and the answer. JSON-serialisable. */
  evidence: Record<string, unknown>;
}

/** What every judge receives: the image decoded once, the prompt, the checks still open. */
export interface JudgeInput {
  /** The encoded image as returned by the provider. */
  bytes: Uint8Array;
  /** Its media type. */
  mediaType: string;
  /** The decoded pixels, or `undefined` when the bytes could not be decoded (then `decodeError` says why). */
  image: DecodedImage | undefined;
  /** Why decoding failed, when it did. */
  decodeError?: string;
  /** The request that produced the image. */
  request: GenerateRequest;
  /** The provider and model that made the image, when known (a judge may calibrate per source). */
  source?: { provider: string; modelId: string };
  /** The checks still open or uncertain (the judge answers those it can and ignores the rest). */
  checks: readonly Check[];
  /** Verdicts so far (from earlier tiers). */
  verdicts: readonly Verdict[];
  /** Scratch space shared by judges for one image (e.g. hand crops the anatomy judge leaves for the VLM judge). */
  shared: Map<string, unknown>;
  /** Aborts the judge's work. */
  signal?: AbortSignal;
}

/** A judge: a way to settle some kinds of check. */
export interface Judge {
  /** Its name, as it appears in verdicts and progress events. */
  readonly name: string;
  /** Which tier it runs in: lower first. A later tier only sees checks earlier tiers left open or uncertain. */
  readonly tier: number;
  /** Checks this judge adds to every prompt's list (e.g. `originality`). */
  readonly checks?: readonly Check[];
  /** Whether it is a heuristic (its verdicts say so). */
  readonly heuristic?: boolean;
  /** Judges the checks it can; returns verdicts for those only. */
  judge(input: JudgeInput): Promise<Verdict[]>;
  /** Frees weights and sessions. */
  dispose?(): Promise<void>;
}

/** Asks a vision model a yes/no question about an image (for example built on Workers AI). */
export type VisionAsk = (input: {
  image: Uint8Array;
  question: string;
  signal?: AbortSignal;
}) => Promise<{ answer: string; yesProbability?: number }>;

/** Streams a text model's answer to a prompt, chunk by chunk (for example built on Workers AI). */
export type TextStream = (input: {
  prompt: string;
  system?: string;
  signal?: AbortSignal;
}) => AsyncIterable<string>;
