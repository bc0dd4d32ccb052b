import { loadOptionalModule, ModelLoadError, type ModuleImporter } from '@pictor/core';
import type * as TF from '@tensorflow/tfjs';

/** The tfjs module (`@tensorflow/tfjs` or `@tensorflow/tfjs-node[-gpu]`, which re-export it). */
export type Tfjs = typeof TF;

/**
 * Which backend to run on:
 * - `node-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA);
 * - `node`: `@tensorflow/tfjs-node` (libtensorflow on the CPU);
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK in WebAssembly, SIMD when available);
 * - `cpu`: the plain JavaScript backend of `@tensorflow/tfjs`;
 * - `auto`: the first of those, in that order, that is installed and works.
 */
export type BackendPreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** A backend that was chosen and initialised. */
export interface SelectedBackend {
  /** The tfjs module to use. */
  tf: Tfjs;
  /** The route that was chosen. */
  route: Exclude<BackendPreference, 'auto'>;
  /** tfjs's name of the backend (`tensorflow`, `wasm` or `cpu`), as `tf.getBackend()` reports it. */
  backend: string;
  /** Why routes before it were skipped (`auto` only). */
  skipped: { route: string; reason: string }[];
}

/** One backend route: its name, tfjs's backend name, and what to install for it. */
export interface BackendRoute {
  route: Exclude<BackendPreference, 'auto'>;
  backend: string;
  install: string;
}

/** The order `auto` tries. */
export const BACKEND_ORDER: readonly BackendRoute[] = [
  { route: 'node-gpu', backend: 'tensorflow', install: 'npm install @tensorflow/tfjs-node-gpu' },
  { route: 'node', backend: 'tensorflow', install: 'npm install @tensorflow/tfjs-node' },
  { route: 'wasm', backend: 'wasm', install: 'npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm' },
  { route: 'cpu', backend: 'cpu', install: 'npm install @tensorflow/tfjs' },
];

/** How backends are loaded: which importer, and where the wasm binaries are. */
export interface BackendLoadOptions {
  /** Imports a package by name. Default: `import()` from this package. */
  importModule?: ModuleImporter;
  /** Folder (or URL prefix) holding `tfjs-backend-wasm*.wasm`. Default: the wasm package's own files. */
  wasmPaths?: string;
}

/** `import()` from this package; a package that cannot be resolved is reported as not installed. */
const localImport: ModuleImporter = async (name) => {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (error) {
    // Bundlers and test runners word it "Could not resolve"; Node says ERR_MODULE_NOT_FOUND.
    const message = String((error as { message?: unknown } | undefined)?.message ?? error);
    if (/could not resolve|cannot find (module|package)/i.test(message)) {
      throw Object.assign(new Error(`Cannot find package '${name}'`, { cause: error }), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    }
    throw error;
  }
};

function tfFrom(module: Record<string, unknown>): Tfjs {
  const candidate = (typeof module.setBackend === 'function' ? module : module.default) as Tfjs | undefined;
  if (!candidate || typeof candidate.setBackend !== 'function')
    throw new ModelLoadError('the module is not TensorFlow.js');
  return candidate;
}

async function loadRoute(route: BackendRoute, options: BackendLoadOptions): Promise<Tfjs> {
  const load = (name: string) => loadOptionalModule(name, route.install, options.importModule ?? localImport);
  if (route.route === 'node-gpu') return tfFrom(await load('@tensorflow/tfjs-node-gpu'));
  if (route.route === 'node') return tfFrom(await load('@tensorflow/tfjs-node'));
  const tf = tfFrom(await load('@tensorflow/tfjs'));
  if (route.route === 'wasm') {
    const wasm = await load('@tensorflow/tfjs-backend-wasm');
    const setWasmPaths = (wasm.setWasmPaths ??
      (wasm.default as Record<string, unknown> | undefined)?.setWasmPaths) as
      | ((prefix: string) => void)
      | undefined;
    if (options.wasmPaths && setWasmPaths) setWasmPaths(options.wasmPaths);
  }
  return tf;
}

/** Makes `backend` current and checks that it computes. Throws when it does not. */
async function activate(tf: Tfjs, backend: string): Promise<void> {
  if (!tf.findBackendFactory(backend)) throw new ModelLoadError(`the ${backend} backend is not registered`);
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
    throw new ModelLoadError(`the ${backend} backend failed to initialise`);
  }
  await tf.ready();
  // The cpu backend prints a banner suggesting tfjs-node on first use; the choice is ours and reported.
  const instance = tf.findBackend(backend) as { firstUse?: boolean } | null;
  if (backend === 'cpu' && instance) instance.firstUse = false;
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()[0]);
  if (probe !== 2) throw new ModelLoadError(`the ${backend} backend computed 1 + 1 = ${probe}`);
}

/**
 * Loads and initialises a tfjs backend. With `auto`, tries `node-gpu`, `node`, `wasm`, `cpu` in order
 * and takes the first that is installed and computes; a named backend that is missing or broken is a
 * `ModelLoadError` that says what to install. tfjs keeps one current backend per process.
 */
export async function selectBackend(
  preference: BackendPreference,
  options: BackendLoadOptions = {},
): Promise<SelectedBackend> {
  const routes = preference === 'auto' ? BACKEND_ORDER : BACKEND_ORDER.filter((r) => r.route === preference);
  const skipped: SelectedBackend['skipped'] = [];
  for (const route of routes) {
    try {
      const tf = await loadRoute(route, options);
      await activate(tf, route.backend);
      return { tf, route: route.route, backend: tf.getBackend(), skipped };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (preference !== 'auto') {
        throw new ModelLoadError(`tfjs backend "${preference}" is not available: ${reason}`, {
          provider: 'tfjs',
          cause: error,
        });
      }
      skipped.push({ route: route.route, reason });
    }
  }
  throw new ModelLoadError(
    `no TensorFlow.js backend works (${skipped.map((s) => `${s.route}: ${s.reason}`).join('; ')}). Install one with: npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm`,
    { provider: 'tfjs' },
  );
}
