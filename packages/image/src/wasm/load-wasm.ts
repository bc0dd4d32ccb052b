import { UnsupportedFeatureError } from '@pictor/core';
import type { CodecModules } from '../types.js';

/** Each codec's WebAssembly file, relative to its package's `decode.js` / `encode.js`. */
const FILES: Record<keyof CodecModules, { entry: string; file: string }> = {
  pngDecoder: { entry: '@jsquash/png/decode.js', file: 'codec/pkg/squoosh_png_bg.wasm' },
  jpegDecoder: { entry: '@jsquash/jpeg/decode.js', file: 'codec/dec/mozjpeg_dec.wasm' },
  jpegEncoder: { entry: '@jsquash/jpeg/encode.js', file: 'codec/enc/mozjpeg_enc.wasm' },
  webpDecoder: { entry: '@jsquash/webp/decode.js', file: 'codec/dec/webp_dec.wasm' },
  webpEncoder: { entry: '@jsquash/webp/encode.js', file: 'codec/enc/webp_enc.wasm' },
};

interface NodeModules {
  module: { createRequire(from: string): { resolve(id: string): string } };
  fs: { readFileSync(path: string): Uint8Array };
  path: { dirname(path: string): string; join(...parts: string[]): string };
}

/** Node's built-ins through `process.getBuiltinModule`, so no Node import reaches a Worker bundle. */
function nodeModules(): NodeModules | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (!get) return undefined;
  return {
    module: get('node:module') as NodeModules['module'],
    fs: get('node:fs') as NodeModules['fs'],
    path: get('node:path') as NodeModules['path'],
  };
}

const compiled = new Map<keyof CodecModules, Promise<WebAssembly.Module>>();

/**
 * The compiled module of one codec: the one passed in `modules`, else (on Node) compiled once from the
 * installed package's file. Elsewhere without one it is an `UnsupportedFeatureError` that says what to pass.
 */
export function codecModule(name: keyof CodecModules, modules?: CodecModules): Promise<WebAssembly.Module> {
  const given = modules?.[name];
  if (given) return Promise.resolve(given);
  let module = compiled.get(name);
  if (!module) {
    const node = nodeModules();
    if (!node) {
      return Promise.reject(
        new UnsupportedFeatureError(
          `wasm.${name}`,
          `this runtime cannot read the codec's file; import ${FILES[name].entry.replace(/[^/]+$/, '')}${FILES[name].file} and pass it as wasm.${name}`,
        ),
      );
    }
    const { entry, file } = FILES[name];
    const path = node.path.join(
      node.path.dirname(node.module.createRequire(import.meta.url).resolve(entry)),
      file,
    );
    module = WebAssembly.compile(node.fs.readFileSync(path) as Uint8Array<ArrayBuffer>);
    module.catch(() => compiled.delete(name));
    compiled.set(name, module);
  }
  return module;
}
