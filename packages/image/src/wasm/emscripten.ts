/** What an Emscripten module factory (the codecs' glue code) takes: here, a precompiled module. */
interface FactoryOptions {
  noInitialRun: boolean;
  instantiateWasm(imports: WebAssembly.Imports, callback: (instance: WebAssembly.Instance) => void): unknown;
  print(text: string): void;
  printErr(text: string): void;
}

/** An instantiated codec, and the last line its C code printed (libjpeg's and libwebp's error text). */
export interface Codec<T> {
  module: T;
  lastMessage(): string | undefined;
}

/**
 * Instantiates an Emscripten codec from a compiled module, with its printing captured (a codec's
 * messages become the error's text, never console output).
 */
export async function instantiate<T>(
  factory: (options: FactoryOptions) => Promise<T>,
  wasm: WebAssembly.Module,
): Promise<Codec<T>> {
  let last: string | undefined;
  const module = await factory({
    noInitialRun: true,
    instantiateWasm(imports, callback) {
      const instance = new WebAssembly.Instance(wasm, imports);
      callback(instance);
      return instance.exports;
    },
    print: () => {},
    printErr: (text) => {
      last = text;
    },
  });
  return {
    module,
    lastMessage: () => {
      const message = last;
      last = undefined;
      return message;
    },
  };
}

/** A whole `ArrayBuffer` holding exactly `bytes` (copied only when `bytes` is a view of a larger buffer). */
export function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}
