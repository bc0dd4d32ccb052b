// @pictor/licence-tagging/node — Node-only helpers: files, the c2pa-wasm binary on disk.

import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type C2paSigner, type C2paSignerOptions, createC2paSigner } from '../c2pa/signer.js';
import type { LicenceTaggingRecord } from '../middleware/record.js';

/** Reads `@contentauth/c2pa-wasm`'s `c2pa_bg.wasm` from node_modules. */
export async function readC2paWasm(): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
}

/** Options of `createC2paSignerFromFiles`: paths instead of PEM text. */
export interface C2paSignerFileOptions
  extends Omit<C2paSignerOptions, 'certificateChain' | 'privateKey' | 'wasm'> {
  /** Path of the PEM certificate chain (leaf first). */
  certificateChainPath: string;
  /** Path of the PKCS#8 PEM private key. */
  privateKeyPath: string;
}

/**
 * `createC2paSigner` for Node: reads the chain, the key and the c2pa-wasm binary from disk.
 *
 * @example
 * const signer = await createC2paSignerFromFiles({ certificateChainPath: 'chain.pem', privateKeyPath: 'key.pem' });
 */
export async function createC2paSignerFromFiles(options: C2paSignerFileOptions): Promise<C2paSigner> {
  const { certificateChainPath, privateKeyPath, ...rest } = options;
  const [certificateChain, privateKey, wasm] = await Promise.all([
    readFile(certificateChainPath, 'utf8'),
    readFile(privateKeyPath, 'utf8'),
    readC2paWasm(),
  ]);
  return createC2paSigner({ ...rest, certificateChain, privateKey, wasm });
}

/**
 * Writes the JSON sidecar of a tagged image next to it (`<imagePath>.json` unless `sidecarPath` is
 * given). The record must have been made with `sidecar: true`. Returns the path written.
 */
export async function writeSidecar(
  imagePath: string,
  record: LicenceTaggingRecord,
  sidecarPath?: string,
): Promise<string> {
  if (!record.sidecar)
    throw new TypeError('the record has no sidecar: use licenceTagging({ sidecar: true })');
  const path = sidecarPath ?? `${imagePath}.json`;
  await writeFile(path, `${record.sidecar}\n`);
  return path;
}
