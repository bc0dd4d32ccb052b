// The three provenance layers together: watermark pixels, then the XMP record naming the mark, then
// a signed C2PA manifest with the soft binding; read back with ExifTool, Exiv2 and c2pa-rs, and
// checked layer by layer with verifyProvenance.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { createImageClient, type GeneratedImage, type ImageResult, type Middleware } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import {
  type C2paSigner,
  type LicenceTaggingRecord,
  licenceTagging,
  loadC2paWasm,
  readProvenance,
  SOFT_BINDING_LABEL,
  verifyProvenance,
  writeProvenance,
} from '@pictor/licence-tagging';
import { createC2paSignerFromFiles } from '@pictor/licence-tagging/node';
import {
  detectWatermark,
  embedWatermark,
  type WatermarkAnnotation,
  watermark,
  watermarkKeyId,
} from '@pictor/watermark';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeC2paCertificates } from '../support/c2pa-certificates.js';

const KEY = 'wm-binding-test-key-5c1e';
const photo = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url))));

let dir: string;
let signer: C2paSigner;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pictor-wm-binding-'));
  signer = await createC2paSignerFromFiles({ ...makeC2paCertificates(dir), name: 'Pictor Test Signer' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generate(bytes: Uint8Array, middleware: Middleware[]) {
  const client = createImageClient({
    provider: mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
      bytes: () => bytes,
    }),
    middleware,
  });
  return client.generate({ prompt: 'a photo', seed: 1 });
}

function only(result: ImageResult): GeneratedImage {
  expect(result.images).toHaveLength(1);
  return result.images[0]!;
}

function exiftool(path: string): Record<string, unknown> {
  return (
    JSON.parse(execFileSync('exiftool', ['-j', '-G1', path], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >[]
  )[0]!;
}

function exiv2(path: string, key: string): string {
  return execFileSync('exiv2', ['-PXv', '-g', key, path], { encoding: 'utf8' }).trim();
}

async function c2paStore(bytes: Uint8Array, mediaType: string) {
  const c2pa = await loadC2paWasm();
  const reader = await c2pa.WasmReader.fromBytes(mediaType, bytes);
  const store = JSON.parse(reader.json()) as {
    validation_state: string;
    active_manifest: string;
    manifests: Record<string, { assertions: { label: string; data: Record<string, unknown> }[] }>;
  };
  reader.free();
  return store;
}

describe('licenceTagging() binds the watermark into the XMP record', () => {
  for (const [name, format] of [
    ['coffee.png', 'png'],
    ['astronaut.png', 'jpeg'],
  ] as const) {
    it(`${format}: ExifTool and Exiv2 read pictor:WatermarkAlgorithm, RecordId and KeyId; the pixels carry the same id`, async () => {
      const input =
        format === 'png'
          ? photo(name)
          : new Uint8Array(await sharp(photo(name)).jpeg({ quality: 92 }).toBuffer());
      const result = await generate(input, [licenceTagging(), watermark({ key: KEY })]);
      const image = only(result);
      const mark = image.annotations.watermark as WatermarkAnnotation;
      const tag = image.annotations['licence-tagging'] as LicenceTaggingRecord;
      expect(tag.watermark).toEqual({
        algorithm: mark.algorithm,
        recordId: mark.recordId,
        keyId: mark.keyId,
      });
      expect(mark.keyId).toBe(await watermarkKeyId(KEY));
      expect(result.warnings.filter((w) => w.type === 'other' && w.source === 'watermark')).toEqual([]);

      const path = join(dir, `bound.${format === 'png' ? 'png' : 'jpg'}`);
      writeFileSync(path, image.bytes);
      const tags = exiftool(path);
      expect(tags['XMP-pictor:WatermarkAlgorithm']).toBe('dev.pictor.ssdct.1');
      expect(String(tags['XMP-pictor:WatermarkRecordId'])).toBe(mark.recordId);
      expect(String(tags['XMP-pictor:WatermarkKeyId'])).toBe(mark.keyId);
      expect(tags['XMP-iptcExt:DigitalSourceType']).toContain('trainedAlgorithmicMedia');
      expect(exiv2(path, 'Xmp.pictor.WatermarkRecordId')).toBe(mark.recordId);
      expect(exiv2(path, 'Xmp.pictor.WatermarkAlgorithm')).toBe('dev.pictor.ssdct.1');
      // Never the key itself, anywhere in the file or the results.
      expect(Buffer.from(image.bytes).includes(KEY)).toBe(false);
      expect(JSON.stringify(result, (_k, v) => (v instanceof Uint8Array ? undefined : v))).not.toContain(KEY);

      expect(readProvenance(image.bytes).watermark).toEqual(tag.watermark);
      const found = await detectWatermark(image.bytes, { key: KEY });
      expect(found.present).toBe(true);
      expect(found.payload?.recordId).toBe(mark.recordId);
    });
  }

  it('without watermark() nothing about a watermark is written', async () => {
    const image = only(await generate(photo('coffee.png'), [licenceTagging()]));
    const report = readProvenance(image.bytes);
    expect(report.watermark).toBeUndefined();
    expect(Object.keys(report.xmp ?? {}).filter((key) => key.startsWith('pictor:Watermark'))).toEqual([]);
    expect((image.annotations['licence-tagging'] as LicenceTaggingRecord).watermark).toBeUndefined();
  });

  it('watermark() listed outside licenceTagging() warns: marking after tagging dropped the record', async () => {
    const result = await generate(photo('coffee.png'), [watermark({ key: KEY }), licenceTagging()]);
    const warning = result.warnings.find((w) => w.type === 'other' && w.source === 'watermark');
    expect(warning?.type === 'other' && warning.message).toMatch(/ran after licenceTagging\(\)/);
    // What the warning is about: the re-encoded file has lost the XMP record.
    expect(readProvenance(only(result).bytes).xmp).toBeUndefined();
  });
});

describe('C2PA: the soft binding, and verifyProvenance over all three layers', () => {
  let signed: GeneratedImage;
  let mark: WatermarkAnnotation;

  beforeAll(async () => {
    signed = only(
      await generate(photo('coffee.png'), [licenceTagging({ c2pa: signer }), watermark({ key: KEY })]),
    );
    mark = signed.annotations.watermark as WatermarkAnnotation;
  });

  it('the signed manifest validates and carries dev.pictor.soft-binding with the algorithm and record id', async () => {
    const store = await c2paStore(signed.bytes, 'image/png');
    expect(store.validation_state).toBe('Valid');
    const assertion = store.manifests[store.active_manifest]!.assertions.find(
      (a) => a.label === SOFT_BINDING_LABEL,
    );
    expect(SOFT_BINDING_LABEL).toBe('dev.pictor.soft-binding');
    expect(assertion?.data).toEqual({
      alg: 'dev.pictor.ssdct.1',
      blocks: [{ scope: {}, value: mark.recordId }],
      keyId: mark.keyId,
    });
  });

  it('every layer checks out with the right key', async () => {
    const verdict = await verifyProvenance(signed.bytes, { watermarkKey: KEY });
    expect(verdict.ok).toBe(true);
    expect(verdict.xmp).toMatchObject({ status: 'ok', watermark: { recordId: mark.recordId } });
    expect(verdict.c2pa).toMatchObject({
      status: 'ok',
      state: 'Valid',
      softBinding: { algorithm: 'dev.pictor.ssdct.1', recordId: mark.recordId },
    });
    expect(verdict.watermark).toMatchObject({ status: 'ok', recordId: mark.recordId, keyId: mark.keyId });
    expect(verdict.watermark.z).toBeGreaterThan(4.75);
  });

  it('the wrong key: the watermark is "not detected", not an error, and nothing fails', async () => {
    const verdict = await verifyProvenance(signed.bytes, { watermarkKey: 'some other key' });
    expect(verdict.watermark.status).toBe('absent');
    expect(verdict.watermark.detail).toMatch(/^not detected with this key/);
    expect(verdict.watermark.detail).toContain(`the XMP names key ${mark.keyId}`);
    expect(verdict.ok).toBe(true);
    // No key at all: unchecked.
    expect((await verifyProvenance(signed.bytes)).watermark.status).toBe('unchecked');
  });

  it('one changed byte of the signed file: the C2PA layer fails (hard binding); XMP and watermark still check out', async () => {
    // Edit the XMP text (xmp:CreatorTool "Pictor 0.1.0" → "Pictor 0.1.1") and fix the chunk's CRC,
    // so the file stays a valid PNG whose bytes no longer match the manifest's hash.
    const tampered = Buffer.from(signed.bytes);
    const at = tampered.indexOf('<xmp:CreatorTool>Pictor ') + '<xmp:CreatorTool>Pictor '.length + 4;
    tampered[at] = tampered[at]! ^ 0x01;
    const chunk = tampered.lastIndexOf('iTXt', at) - 4;
    const length = tampered.readUInt32BE(chunk);
    tampered.writeUInt32BE(crc32(tampered.subarray(chunk + 4, chunk + 8 + length)), chunk + 8 + length);
    const verdict = await verifyProvenance(new Uint8Array(tampered), { watermarkKey: KEY });
    expect(verdict.c2pa.status).toBe('failed');
    expect(verdict.c2pa.codes).toContain('assertion.dataHash.mismatch');
    expect(verdict.xmp.status).toBe('ok');
    expect(verdict.watermark).toMatchObject({ status: 'ok', recordId: mark.recordId });
    expect(verdict.ok).toBe(false);
  });

  it('metadata stripped by a re-encode: only the watermark is left, and it still names the record', async () => {
    const stripped = new Uint8Array(await sharp(signed.bytes).jpeg({ quality: 85 }).toBuffer());
    const verdict = await verifyProvenance(stripped, { watermarkKey: KEY });
    expect(verdict.xmp.status).toBe('absent');
    expect(verdict.c2pa.status).toBe('absent');
    expect(verdict.watermark).toMatchObject({ status: 'ok', recordId: mark.recordId });
    expect(verdict.ok).toBe(true);
  });
});

describe('verifyProvenance finds layers that disagree', () => {
  it("an XMP record id that is not the pixels' is a failure", async () => {
    const marked = await embedWatermark(photo('coffee.png'), { key: KEY, recordId: '0123456789' });
    const fields = {
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      watermarkAlgorithm: 'dev.pictor.ssdct.1',
      watermarkKeyId: await watermarkKeyId(KEY),
    };
    const honest = writeProvenance(marked.bytes, { ...fields, watermarkRecordId: '0123456789' }).bytes;
    expect((await verifyProvenance(honest, { watermarkKey: KEY })).ok).toBe(true);
    const lying = writeProvenance(marked.bytes, { ...fields, watermarkRecordId: 'abcdefabcd' }).bytes;
    const verdict = await verifyProvenance(lying, { watermarkKey: KEY });
    expect(verdict.watermark.status).toBe('failed');
    expect(verdict.watermark.detail).toBe('record 0123456789 in the pixels, but abcdefabcd in the XMP');
    expect(verdict.ok).toBe(false);
  });

  it('an XMP record naming this key on pixels without its mark is a failure; malformed fields too', async () => {
    const unmarked = writeProvenance(photo('coffee.png'), {
      watermarkAlgorithm: 'dev.pictor.ssdct.1',
      watermarkRecordId: '0123456789',
      watermarkKeyId: await watermarkKeyId(KEY),
    }).bytes;
    const verdict = await verifyProvenance(unmarked, { watermarkKey: KEY });
    expect(verdict.watermark.status).toBe('failed');
    expect(verdict.watermark.detail).toMatch(/^not detected .* says this key/);
    const malformed = writeProvenance(photo('coffee.png'), { watermarkRecordId: 'xyz' }).bytes;
    expect((await verifyProvenance(malformed)).xmp.status).toBe('failed');
  });
});
