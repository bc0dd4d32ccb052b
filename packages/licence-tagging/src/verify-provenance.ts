import { loadC2paWasm } from './c2pa/signer.js';
import { type ProvenanceReport, type ReadProvenanceOptions, readProvenance } from './read-provenance.js';
import { SOFT_BINDING_LABEL, type WatermarkBinding } from './watermark-binding.js';

/**
 * How one provenance layer checked out: `ok`; `absent` (not in the file, or — for the watermark —
 * not detected with this key); `failed` (present but broken or inconsistent with another layer);
 * `unchecked` (present or possible, but not checkable here: no key, or an optional package missing).
 */
export type LayerStatus = 'ok' | 'absent' | 'failed' | 'unchecked';

/** One layer's verdict, with a sentence saying why. */
export interface LayerCheck {
  status: LayerStatus;
  detail: string;
}

/** What `verifyProvenance` found, layer by layer. */
export interface ProvenanceVerification {
  /** No layer failed: every layer that is present checks out (absent and unchecked ones do not count against it). */
  ok: boolean;
  /** The XMP record: parsed, and its watermark fields well-formed and agreeing with the other layers. */
  xmp: LayerCheck & { watermark?: WatermarkBinding };
  /** The C2PA manifest: signature and hard binding valid (c2pa-rs), soft binding agreeing with the XMP. */
  c2pa: LayerCheck & {
    /** c2pa-rs's `validation_state`: `Valid`, `Trusted` or `Invalid`. */
    state?: string;
    /** c2pa-rs's failure and warning codes, e.g. `assertion.dataHash.mismatch`, `signingCredential.untrusted`. */
    codes?: string[];
    /** The `dev.pictor.soft-binding` assertion's algorithm and record id. */
    softBinding?: { algorithm: string; recordId: string };
  };
  /** The invisible watermark in the pixels, detected with the key. */
  watermark: LayerCheck & { z?: number; recordId?: string; keyId?: string };
  /** `readProvenance`'s report of the file. */
  report: ProvenanceReport;
}

/** Options of `verifyProvenance`. */
export interface VerifyProvenanceOptions extends ReadProvenanceOptions {
  /**
   * The watermark key (needs the optional package `@pictor/watermark`). Without it the watermark
   * layer is `unchecked`. The wrong key finds nothing: `absent`, not an error.
   */
  watermarkKey?: string | Uint8Array;
  /** The `@contentauth/c2pa-wasm` binary, where the runtime cannot fetch it (see `createC2paSigner`). */
  wasm?: BufferSource | WebAssembly.Module;
}

/** The parts of `@pictor/watermark` used here (declared here so the package stays optional). */
interface WatermarkModule {
  detectWatermark(
    bytes: Uint8Array,
    options: { key: string | Uint8Array },
  ): Promise<{ present: boolean; z: number; payload?: { recordId: string } }>;
  watermarkKeyId(key: string | Uint8Array): Promise<string>;
}

async function importWatermark(): Promise<WatermarkModule | undefined> {
  const specifier = '@pictor/watermark';
  try {
    return (await import(/* @vite-ignore */ specifier)) as WatermarkModule;
  } catch {
    return undefined;
  }
}

interface C2paStore {
  validation_state?: string;
  validation_status?: { code: string }[];
  validation_results?: {
    activeManifest?: { failure?: { code: string }[]; informational?: { code: string }[] };
  };
  active_manifest?: string;
  manifests?: Record<string, { assertions?: { label: string; data?: Record<string, unknown> }[] }>;
}

function softBindingOf(store: C2paStore): { algorithm: string; recordId: string } | undefined {
  const manifest = store.active_manifest ? store.manifests?.[store.active_manifest] : undefined;
  const data = manifest?.assertions?.find((assertion) => assertion.label === SOFT_BINDING_LABEL)?.data;
  const blocks = data?.blocks as { value?: unknown }[] | undefined;
  const value = blocks?.[0]?.value;
  if (typeof data?.alg !== 'string' || typeof value !== 'string') return undefined;
  return { algorithm: data.alg, recordId: value };
}

async function checkC2pa(
  bytes: Uint8Array,
  report: ProvenanceReport,
  wasm: VerifyProvenanceOptions['wasm'],
): Promise<ProvenanceVerification['c2pa']> {
  if (!report.c2pa) {
    return report.c2paRemote === undefined
      ? { status: 'absent', detail: 'no C2PA manifest' }
      : { status: 'unchecked', detail: `references a remote manifest (${report.c2paRemote}); not fetched` };
  }
  let c2pa: Awaited<ReturnType<typeof loadC2paWasm>>;
  try {
    c2pa = await loadC2paWasm(wasm);
  } catch (error) {
    return { status: 'unchecked', detail: `a manifest is present; ${(error as Error).message}` };
  }
  let store: C2paStore;
  try {
    const reader = await c2pa.WasmReader.fromBytes(report.mediaType, bytes);
    try {
      store = JSON.parse(reader.json()) as C2paStore;
    } finally {
      reader.free();
    }
  } catch (error) {
    return { status: 'failed', detail: `the manifest cannot be read: ${String(error)}` };
  }
  const state = store.validation_state ?? 'Invalid';
  const codes = (store.validation_status ?? []).map((entry) => entry.code);
  const softBinding = softBindingOf(store);
  const result: ProvenanceVerification['c2pa'] = { status: 'ok', detail: '', state, codes };
  if (softBinding) result.softBinding = softBinding;
  if (state !== 'Valid' && state !== 'Trusted') {
    const failures = codes.filter((code) => code !== 'signingCredential.untrusted');
    return {
      ...result,
      status: 'failed',
      detail: `manifest ${state}: ${failures.join(', ') || 'no reason given'}`,
    };
  }
  result.detail =
    state === 'Trusted'
      ? 'signature and hard binding valid; signer on the trust list'
      : 'signature and hard binding valid; signer not on the C2PA trust list';
  if (softBinding) result.detail += `; soft binding ${softBinding.algorithm} record ${softBinding.recordId}`;
  return result;
}

function checkXmp(report: ProvenanceReport): ProvenanceVerification['xmp'] {
  if (report.xmp === undefined && report.xmpError === undefined)
    return { status: 'absent', detail: 'no XMP record' };
  if (report.xmpError !== undefined)
    return { status: 'failed', detail: `the XMP packet cannot be read: ${report.xmpError}` };
  const { fields } = report;
  const parts = [report.aiGenerated ? 'AI-generated' : 'not marked AI-generated'];
  if (fields.aiSystemUsed) parts.push(`by ${fields.aiSystemUsed}`);
  const claimed =
    fields.watermarkAlgorithm !== undefined ||
    fields.watermarkRecordId !== undefined ||
    fields.watermarkKeyId !== undefined;
  if (claimed && !report.watermark)
    return { status: 'failed', detail: 'the pictor:Watermark* fields are incomplete or malformed' };
  const result: ProvenanceVerification['xmp'] = { status: 'ok', detail: '' };
  if (report.watermark) {
    result.watermark = report.watermark;
    parts.push(
      `watermark ${report.watermark.algorithm} record ${report.watermark.recordId} key ${report.watermark.keyId}`,
    );
  } else parts.push('no watermark recorded');
  result.detail = parts.join('; ');
  return result;
}

async function checkWatermark(
  bytes: Uint8Array,
  report: ProvenanceReport,
  key: VerifyProvenanceOptions['watermarkKey'],
): Promise<ProvenanceVerification['watermark']> {
  if (key === undefined || key.length === 0)
    return {
      status: 'unchecked',
      detail: report.watermark ? 'the XMP records one; no key given to detect it' : 'no key given',
    };
  const module = await importWatermark();
  if (!module) return { status: 'unchecked', detail: 'needs the package @pictor/watermark' };
  const keyId = await module.watermarkKeyId(key);
  let found: Awaited<ReturnType<WatermarkModule['detectWatermark']>>;
  try {
    found = await module.detectWatermark(bytes, { key });
  } catch (error) {
    return { status: 'failed', detail: `the pixels cannot be decoded: ${(error as Error).message}`, keyId };
  }
  const z = Math.round(found.z * 10) / 10;
  if (!found.present) {
    if (report.watermark?.keyId === keyId)
      return {
        status: 'failed',
        detail: `not detected (z ${z}), though the XMP record says this key (${keyId}) marked the image`,
        z: found.z,
        keyId,
      };
    const named = report.watermark ? `; the XMP names key ${report.watermark.keyId}` : '';
    return {
      status: 'absent',
      detail: `not detected with this key (${keyId}, z ${z})${named}`,
      z: found.z,
      keyId,
    };
  }
  const result: ProvenanceVerification['watermark'] = { status: 'ok', detail: '', z: found.z, keyId };
  const recordId = found.payload?.recordId;
  if (recordId === undefined) {
    result.detail = `present (z ${z}, key ${keyId}); its record id is unreadable (damaged by re-encoding)`;
    return result;
  }
  result.recordId = recordId;
  const xmpId = report.watermark?.recordId;
  if (xmpId !== undefined && xmpId !== recordId)
    return {
      ...result,
      status: 'failed',
      detail: `record ${recordId} in the pixels, but ${xmpId} in the XMP`,
    };
  result.detail = `present (z ${z}, key ${keyId}), record ${recordId}${xmpId ? " = the XMP's" : ''}`;
  return result;
}

/**
 * Checks the three provenance layers of a PNG, JPEG or WebP file: the XMP record (readable, its
 * watermark fields well-formed), the C2PA manifest (signature and hard binding valid, through the
 * optional `@contentauth/c2pa-wasm`), and the invisible watermark (detected with `watermarkKey`,
 * through the optional `@pictor/watermark`, its record id equal to the XMP's and the C2PA soft
 * binding's). `ok` is true when no layer failed. Malformed files throw `MalformedImageError`.
 *
 * @example
 * const verdict = await verifyProvenance(bytes, { watermarkKey: process.env.PICTOR_WATERMARK_KEY });
 * verdict.watermark; // { status: 'ok', detail: "present (z 27.5, key 9d1e0a44), record 3fa91c0b7e = the XMP's", ... }
 */
export async function verifyProvenance(
  bytes: Uint8Array,
  options: VerifyProvenanceOptions = {},
): Promise<ProvenanceVerification> {
  const report = readProvenance(bytes, options);
  const xmp = checkXmp(report);
  const [c2pa, watermark] = await Promise.all([
    checkC2pa(bytes, report, options.wasm),
    checkWatermark(bytes, report, options.watermarkKey),
  ]);
  const soft = c2pa.softBinding;
  if (soft && c2pa.status === 'ok') {
    const xmpId = report.watermark?.recordId;
    if (xmpId !== undefined && soft.recordId !== xmpId) {
      c2pa.status = 'failed';
      c2pa.detail = `soft binding record ${soft.recordId}, but ${xmpId} in the XMP`;
    } else if (watermark.recordId !== undefined && soft.recordId !== watermark.recordId) {
      c2pa.status = 'failed';
      c2pa.detail = `soft binding record ${soft.recordId}, but ${watermark.recordId} in the pixels`;
    }
  }
  const ok = [xmp, c2pa, watermark].every((layer) => layer.status !== 'failed');
  return { ok, xmp, c2pa, watermark, report };
}
