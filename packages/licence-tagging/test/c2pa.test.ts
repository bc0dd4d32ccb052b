import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImageClient, InvalidRequestError } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type C2paSigner,
  createC2paSigner,
  type LicenceTaggingRecord,
  licenceTagging,
  loadC2paWasm,
  readProvenance,
  writeProvenance,
} from '../src/index.js';
import { createC2paSignerFromFiles, readC2paWasm } from '../src/node/index.js';
import { makeJpeg, makeWebp } from './fixtures.js';

let dir: string;
let signer: C2paSigner;

/** A throwaway CA and leaf (ES256), made with the openssl CLI like a user would. */
function makeCertificates(): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  run(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=Pictor Test Root/O=Pictor Test',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    'ca.pem',
  );
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
  run('req', '-new', '-key', 'leaf.key', '-subj', '/CN=Pictor Test Signer/O=Pictor Test', '-out', 'leaf.csr');
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  run(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.pem',
  );
  run('pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-out', 'leaf.pk8');
  writeFileSync(
    join(dir, 'chain.pem'),
    readFileSync(join(dir, 'leaf.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'),
  );
}

async function validate(bytes: Uint8Array, mediaType: string) {
  const c2pa = await loadC2paWasm();
  const reader = await c2pa.WasmReader.fromBytes(mediaType, bytes);
  const store = JSON.parse(reader.json()) as {
    validation_state: string;
    validation_status?: { code: string }[];
    active_manifest: string;
    manifests: Record<string, { assertions: { label: string; data: Record<string, unknown> }[] }>;
  };
  reader.free();
  return store;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pictor-c2pa-'));
  makeCertificates();
  signer = await createC2paSignerFromFiles({
    certificateChainPath: join(dir, 'chain.pem'),
    privateKeyPath: join(dir, 'leaf.pk8'),
    name: 'Pictor Test Signer',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('C2PA signing', () => {
  it('signs after the XMP: the manifest validates and carries actions, IPTC and training-mining', async () => {
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
    });
    const client = createImageClient({
      provider,
      middleware: [licenceTagging({ c2pa: signer, tdmReservation: true })],
    });
    const { images } = await client.generate({ prompt: 'x' });
    const image = images[0]!;
    const tag = image.annotations['licence-tagging'] as LicenceTaggingRecord;
    expect(tag.c2pa).toMatchObject({ signed: true, signer: 'Pictor Test Signer' });
    const store = await validate(image.bytes, 'image/png');
    expect(store.validation_state).toBe('Valid');
    // Only "untrusted" (our throwaway CA is not on the C2PA trust list) may be reported.
    expect((store.validation_status ?? []).map((s) => s.code)).toEqual(['signingCredential.untrusted']);
    expect(store.active_manifest).toBe(tag.c2pa!.label);
    const assertions = store.manifests[store.active_manifest]!.assertions;
    const actions = assertions.find((a) => a.label.startsWith('c2pa.actions'))!.data as {
      actions: Record<string, unknown>[];
    };
    expect(actions.actions[0]).toMatchObject({
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    expect(assertions.find((a) => a.label === 'stds.iptc')!.data).toMatchObject({
      'Iptc4xmpExt:AISystemUsed': 'FLUX.1 [schnell]',
    });
    expect(assertions.find((a) => a.label === 'cawg.training-mining')!.data).toMatchObject({
      entries: { 'cawg.ai_training': { use: 'notAllowed' } },
    });
    // The XMP written before signing is still there, and tagging again changes nothing.
    const report = readProvenance(image.bytes);
    expect(report).toMatchObject({ c2pa: true, aiGenerated: true });
    expect(writeProvenance(image.bytes, report.fields)).toMatchObject({ written: false, skipped: 'c2pa' });
  });

  it('a one-byte change to the pixel data is detected', async () => {
    const provider = mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
    });
    const client = createImageClient({ provider, middleware: [licenceTagging({ c2pa: signer })] });
    const { images } = await client.generate({ prompt: 'y' });
    const tampered = Buffer.from(images[0]!.bytes);
    const idat = tampered.indexOf('IDAT');
    tampered[idat + 10] = tampered[idat + 10]! ^ 0x01;
    const store = await validate(tampered, 'image/png');
    expect(store.validation_state).toBe('Invalid');
    expect((store.validation_status ?? []).map((s) => s.code)).toContain('assertion.dataHash.mismatch');
  });

  it('signs JPEG and WebP too; our reader finds the manifests c2pa-rs writes (APP11, RIFF C2PA chunk)', async () => {
    for (const [bytes, mediaType] of [
      [await makeJpeg(), 'image/jpeg'],
      [await makeWebp('lossy'), 'image/webp'],
    ] as const) {
      const provider = mockProvider({ provider: 'tfjs', modelId: 'emoji', bytes });
      const client = createImageClient({ provider, middleware: [licenceTagging({ c2pa: signer })] });
      const { images } = await client.generate({ prompt: 'z' });
      expect((await validate(images[0]!.bytes, mediaType)).validation_state, mediaType).toBe('Valid');
      expect(readProvenance(images[0]!.bytes), mediaType).toMatchObject({ c2pa: true, aiGenerated: true });
    }
  });

  it('bad key or chain → InvalidRequestError naming the field', async () => {
    const wasm = await readC2paWasm();
    const chain = readFileSync(join(dir, 'chain.pem'), 'utf8');
    const key = readFileSync(join(dir, 'leaf.pk8'), 'utf8');
    const fieldOf = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => (InvalidRequestError.isInstance(error) ? error.field : String(error)),
      );
    expect(await fieldOf(createC2paSigner({ certificateChain: 'nope', privateKey: key, wasm }))).toBe(
      'certificateChain',
    );
    expect(await fieldOf(createC2paSigner({ certificateChain: chain, privateKey: chain, wasm }))).toBe(
      'privateKey',
    );
    expect(
      await fieldOf(createC2paSigner({ certificateChain: chain, privateKey: key, alg: 'es384', wasm })),
    ).toBe('privateKey');
  });
});
