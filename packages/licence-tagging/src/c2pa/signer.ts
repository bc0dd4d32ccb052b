import { InvalidRequestError, ModelLoadError } from '@pictor/core';
import { encodeCbor } from './cbor.js';
import { pemBlocks } from './pem.js';

/** Signature algorithms supported by `createC2paSigner` (ECDSA, IEEE P1363 signatures, as C2PA requires). */
export type C2paAlgorithm = 'es256' | 'es384';

/** A C2PA manifest definition, as `@contentauth/c2pa-wasm`'s builder takes it. */
export type C2paManifestDefinition = Record<string, unknown>;

/** Signs C2PA manifests into image bytes. Made by `createC2paSigner`. */
export interface C2paSigner {
  readonly alg: C2paAlgorithm;
  /** A name for the signer, recorded in annotations. */
  readonly name: string;
  /** Embeds and signs `manifest` into `bytes`; returns the signed file and the manifest label. */
  sign(
    bytes: Uint8Array,
    mediaType: string,
    manifest: C2paManifestDefinition,
  ): Promise<{ bytes: Uint8Array; label: string | undefined }>;
}

/** Options of `createC2paSigner`. */
export interface C2paSignerOptions {
  /** PEM certificate chain: the signing (leaf) certificate first, then intermediates/CA. */
  certificateChain: string;
  /** The leaf's private key: PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or a WebCrypto ECDSA `CryptoKey`. */
  privateKey: string | CryptoKey;
  /** `es256` (P-256, default) or `es384` (P-384). */
  alg?: C2paAlgorithm;
  /**
   * The `@contentauth/c2pa-wasm` binary (`c2pa_bg.wasm`) as bytes or a compiled module. Required
   * where the runtime cannot fetch it next to the module (Node: use `createC2paSignerFromFiles`
   * from `@pictor/licence-tagging/node`, which reads it).
   */
  wasm?: BufferSource | WebAssembly.Module;
  /** A name for the signer, recorded in annotations. Default `C2PA signer`. */
  name?: string;
}

/** The parts of `@contentauth/c2pa-wasm` this package uses (declared here so its types stay optional). */
export interface C2paWasm {
  default(init: { module_or_path: URL | string }): Promise<unknown>;
  initSync(init: { module: BufferSource | WebAssembly.Module }): unknown;
  WasmBuilder: {
    fromJson(
      json: string,
      context?: string,
    ): {
      sign(
        signer: {
          alg: string;
          reserveSize: number;
          sign: (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;
        },
        identityAssertions: unknown[],
        format: string,
        source: Blob,
      ): Promise<Uint8Array>;
      free(): void;
    };
  };
  WasmReader: {
    fromBytes(
      format: string,
      bytes: Uint8Array,
    ): Promise<{ activeLabel(): string | undefined; json(): string; free(): void }>;
  };
}
let loaded: Promise<C2paWasm> | undefined;

/** Imports and initialises `@contentauth/c2pa-wasm` once (an optional peer dependency). */
export function loadC2paWasm(wasm?: BufferSource | WebAssembly.Module): Promise<C2paWasm> {
  loaded ??= (async () => {
    const specifier = '@contentauth/c2pa-wasm';
    let module: C2paWasm;
    try {
      module = (await import(/* @vite-ignore */ specifier)) as unknown as C2paWasm;
    } catch (error) {
      throw new ModelLoadError(
        'C2PA signing needs the optional peer dependency: npm install @contentauth/c2pa-wasm',
        {
          cause: error,
        },
      );
    }
    if (wasm) module.initSync({ module: wasm });
    else if (typeof import.meta.resolve === 'function') {
      await module.default({ module_or_path: new URL('c2pa_bg.wasm', import.meta.resolve(specifier)) });
    } else
      throw new InvalidRequestError(
        'wasm',
        'pass the c2pa-wasm binary (c2pa_bg.wasm) as `wasm` in this runtime',
      );
    return module;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

const ALGORITHMS = {
  es256: { coseAlg: -7, curve: 'P-256', hash: 'SHA-256' },
  es384: { coseAlg: -35, curve: 'P-384', hash: 'SHA-384' },
} as const;

async function importKey(key: string | CryptoKey, alg: C2paAlgorithm): Promise<CryptoKey> {
  if (typeof key !== 'string') return key;
  const [der] = pemBlocks(key, 'PRIVATE KEY');
  if (!der)
    throw new InvalidRequestError('privateKey', 'expected a PKCS#8 PEM block (-----BEGIN PRIVATE KEY-----)');
  try {
    return await crypto.subtle.importKey(
      'pkcs8',
      der as Uint8Array<ArrayBuffer>,
      { name: 'ECDSA', namedCurve: ALGORITHMS[alg].curve },
      false,
      ['sign'],
    );
  } catch (error) {
    throw new InvalidRequestError('privateKey', `not an ${ALGORITHMS[alg].curve} ECDSA key`, {
      cause: error,
    });
  }
}

/** A FileReaderSync stand-in for runtimes without one (Node, Workers): reads our byte-carrying blobs. */
class BytesReaderSync {
  readAsArrayBuffer(blob: { bytes?: Uint8Array }): ArrayBuffer {
    const bytes = blob.bytes ?? new Uint8Array(0);
    return bytes.slice().buffer;
  }
}

function blobOf(bytes: Uint8Array): Blob {
  const make = (part: Uint8Array): unknown => ({
    bytes: part,
    size: part.length,
    type: '',
    slice: (start = 0, end = part.length) => make(part.subarray(start, end)),
  });
  return make(bytes) as Blob;
}

/**
 * Makes a C2PA signer from a certificate chain and private key, using `@contentauth/c2pa-wasm`
 * with a WebCrypto signing callback (so it runs in Node, Workers and browsers). The callback
 * returns a complete COSE_Sign1 (`x5chain` in the protected header, detached payload) padded to
 * the reserved size.
 *
 * @example
 * const signer = await createC2paSigner({ certificateChain: chainPem, privateKey: keyPem, wasm });
 * createImageClient({ provider, middleware: [licenceTagging({ c2pa: signer })] });
 */
export async function createC2paSigner(options: C2paSignerOptions): Promise<C2paSigner> {
  const alg = options.alg ?? 'es256';
  if (!(alg in ALGORITHMS)) throw new InvalidRequestError('alg', "must be 'es256' or 'es384'");
  const chain = pemBlocks(options.certificateChain, 'CERTIFICATE');
  if (chain.length === 0)
    throw new InvalidRequestError('certificateChain', 'expected PEM CERTIFICATE blocks, leaf first');
  const key = await importKey(options.privateKey, alg);
  const c2pa = await loadC2paWasm(options.wasm);
  const { coseAlg, hash } = ALGORITHMS[alg];
  const protectedHeader = encodeCbor(
    new Map<number, number | Uint8Array[]>([
      [1, coseAlg],
      [33, chain],
    ]),
  );
  const reserveSize = 2048 + chain.reduce((sum, der) => sum + der.length, 0);
  const coseSign1 = async (payload: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => {
    const toBeSigned = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);
    const signature = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash }, key, toBeSigned as Uint8Array<ArrayBuffer>),
    );
    const build = (pad: number) =>
      encodeCbor({
        tag: 18,
        value: [protectedHeader, new Map([['pad', new Uint8Array(pad)]]), null, signature],
      });
    const unpadded = build(0).length;
    // The pad's own length prefix grows with it; try the sizes around the difference.
    for (let pad = Math.max(0, reserveSize - unpadded - 5); pad <= reserveSize - unpadded; pad++) {
      const candidate = build(pad);
      if (candidate.length === reserveSize) return candidate as Uint8Array<ArrayBuffer>;
    }
    throw new RangeError('COSE signature does not fit the reserved size');
  };
  return {
    alg,
    name: options.name ?? 'C2PA signer',
    async sign(bytes, mediaType, manifest) {
      const global = globalThis as { FileReaderSync?: unknown };
      global.FileReaderSync ??= BytesReaderSync;
      const builder = c2pa.WasmBuilder.fromJson(
        JSON.stringify(manifest),
        JSON.stringify({ builder: { thumbnail: { enabled: false } } }),
      );
      try {
        const signed = await builder.sign(
          { alg, reserveSize, sign: coseSign1 },
          [],
          mediaType,
          blobOf(bytes),
        );
        const reader = await c2pa.WasmReader.fromBytes(mediaType, signed);
        const label = reader.activeLabel();
        reader.free();
        return { bytes: signed, label };
      } finally {
        builder.free();
      }
    },
  };
}
