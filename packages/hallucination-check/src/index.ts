// @pictor/hallucination-check — does the image show what the prompt asked? Tiered, explained, measured.

// Prompt → atomic checks (deterministic parser, optional LLM decomposition, cache).
export { CheckListBuilder, type CheckListOptions, type CheckSource } from './checks/check-list.js';
export { DECOMPOSE_SYSTEM_PROMPT, decomposeWithLlm } from './checks/decompose-with-llm.js';
export { type NounPhrase, type ParsedPrompt, parsePrompt } from './checks/parse-prompt.js';
// The COCO classes the objects judge knows.
export { COCO_LABELS, type CocoLabel, cocoLabelFor } from './coco.js';
// The config hook for core's registry (`{ use: 'hallucination-check', … }`).
export { hallucinationCheckConfigSchema, middlewareFromConfig } from './from-config.js';
// The middleware.
export {
  HALLUCINATION_CHECK,
  type HallucinationAnnotation,
  type HallucinationCheckOptions,
  hallucinationCheck,
} from './hallucination-check.js';
// Image helpers shared by the judges: perceptual hashes (PDQ, pHash), colour names, decoding, resampling.
export {
  type Dihedral,
  type LumaPlane,
  type PdqHash,
  pdqHash,
  pdqLuma,
  pdqOfLuma,
  pdqWithMirror,
} from './hash/pdq.js';
export { hammingDistance, pHash } from './hash/phash.js';
export { COLOUR_NAMES, colourShares, nameColour } from './image/colour-names.js';
export { type DecodedImage, type DecodeOutcome, decodeImage, fromRgba } from './image/decode-image.js';
export { type Layout, PHOTO_TEXTURE, readLayout } from './image/layout.js';
export { type PixelBox, resampleRgb } from './image/resample.js';
// The judges.
export {
  ALIGNMENT_DOMAIN,
  type AlignmentEncoder,
  type AlignmentOptions,
  ART_FAIL_Z,
  ART_PASS_Z,
  alignment,
  alignmentScore,
  GENERATED_FAIL_Z,
  GENERATED_PASS_Z,
  loadAlignmentEncoder,
  outsideAlignmentDomain,
} from './judges/alignment.js';
export {
  type AnatomyOptions,
  anatomy,
  detectFaces,
  detectHands,
  HAND_CROPS,
  type HandCrop,
} from './judges/anatomy.js';
export {
  type DegenerateOptions,
  type DegenerateStats,
  degenerate,
  degenerateStats,
} from './judges/degenerate.js';
export type { Detection } from './judges/detections.js';
export {
  type NearDuplicateOptions,
  nearDuplicate,
  ORIGINALITY_CHECK,
  PDQ_MAX_DISTANCE,
  PHASH_MAX_DISTANCE,
  type ReferenceImage,
  referenceHash,
} from './judges/near-duplicate.js';
export {
  detectObjects,
  NAMER_ABSENT_Z,
  NAMER_CLEAR_MARGIN,
  NAMER_PRESENT_Z,
  OBJECTS_DOMAIN,
  type ObjectsOptions,
  objects,
  PHOTO_ABSENT_BELOW,
} from './judges/objects.js';
export { parseAnswer, questionFor, type VlmOptions, vlm, yesProbability } from './judges/vlm.js';
// Policies.
export {
  type AnnotatePolicy,
  nextSeed,
  type Policy,
  type RefinePolicy,
  type RejectPolicy,
  type RerollPolicy,
  type RetryPolicyOptions,
  refinePrompt,
} from './policy/policy.js';
// The reference store of protected works (in memory, a folder of images, a .jsonl index file).
export {
  DEFAULT_VARIANTS,
  FOLDER_INDEX,
  folderReferences,
  hashReference,
  indexReferences,
  memoryReferences,
  openReferences,
  type ReferenceEntry,
  type ReferenceStore,
  type ReferenceStoreOptions,
  type ReferenceVariantOptions,
} from './references/reference-store.js';
// Running the judges in tiers on one image.
export { type CheckReport, type JudgeImageArgs, judgeImage } from './run-judges.js';
// Shared types.
export type { Check, CheckKind, Judge, JudgeInput, TextStream, Verdict, VisionAsk } from './types.js';

// The package version, from package.json at build time.
export { VERSION } from './version.js';
