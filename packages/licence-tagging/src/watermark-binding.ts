/**
 * The invisible watermark an image carries, as `watermark()` (from `@pictor/watermark`) records it
 * in `image.annotations.watermark` and `licenceTagging()` binds it to the provenance record: the
 * XMP fields `pictor:WatermarkAlgorithm`, `pictor:WatermarkRecordId`, `pictor:WatermarkKeyId`, and
 * in a signed C2PA manifest the `dev.pictor.soft-binding` assertion.
 */
export interface WatermarkBinding {
  /** The algorithm, e.g. `dev.pictor.ssdct.1`. */
  algorithm: string;
  /** The record id the mark carries, 10 hex digits. */
  recordId: string;
  /** The public id of the key (8 hex digits): never the key itself. */
  keyId: string;
}

/**
 * The C2PA assertion label of the soft binding. Pictor's algorithm is not on the C2PA soft-binding
 * algorithm list, so the standard `c2pa.soft-binding` assertion (whose `alg` must come from that
 * list) is not used: this custom label carries the same shape until the algorithm is registered.
 */
export const SOFT_BINDING_LABEL = 'dev.pictor.soft-binding';

const RECORD_ID = /^[0-9a-f]{10}$/;
const KEY_ID = /^[0-9a-f]{8}$/;

/** The binding in an annotation (or any value) when it has the right shape, else undefined. */
export function watermarkBindingOf(value: unknown): WatermarkBinding | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { algorithm, recordId, keyId } = value as Record<string, unknown>;
  if (typeof algorithm !== 'string' || algorithm.length === 0 || algorithm.length > 100) return undefined;
  if (typeof recordId !== 'string' || !RECORD_ID.test(recordId)) return undefined;
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return undefined;
  return { algorithm, recordId, keyId };
}

/** The soft-binding assertion's data: the `c2pa.soft-binding` shape, `alg` and one block with the record id. */
export function softBindingAssertion(binding: WatermarkBinding): {
  label: string;
  data: Record<string, unknown>;
} {
  return {
    label: SOFT_BINDING_LABEL,
    data: {
      alg: binding.algorithm,
      blocks: [{ scope: {}, value: binding.recordId }],
      keyId: binding.keyId,
    },
  };
}
