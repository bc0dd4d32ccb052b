import { ModelLoadError } from '@pictor/core';
import type * as Ort from 'onnxruntime-node';

/** The `onnxruntime-node` module, typed. */
export type OrtModule = typeof Ort;

/** How `onnxruntime-node` is obtained. Tests and apps with their own copy may pass one. */
export type OrtLoader = () => Promise<OrtModule>;

/** What to tell users when `onnxruntime-node` is missing. */
export const ORT_INSTALL_HINT =
  'npm install onnxruntime-node (CPU works out of the box; for CUDA on Linux x64 let its install script run, see docs/providers/onnx.md)';

let cached: Promise<OrtModule> | undefined;

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Imports `onnxruntime-node` on first use (it is an optional peer dependency and a heavy native
 * module, so nothing loads it at import time). Missing → `ModelLoadError` saying what to install.
 */
export function loadOrt(loader?: OrtLoader): Promise<OrtModule> {
  if (loader) return wrap(loader());
  cached ??= wrap(import('onnxruntime-node') as Promise<OrtModule>);
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

async function wrap(promise: Promise<OrtModule>): Promise<OrtModule> {
  try {
    const module = await promise;
    // The CommonJS build is exposed as `default` by some loaders.
    const ort = module.InferenceSession
      ? module
      : ((module as unknown as { default?: OrtModule }).default ?? module);
    if (!ort.InferenceSession) throw new Error('the module has no InferenceSession');
    return ort;
  } catch (error) {
    if (isNotFound(error)) {
      throw new ModelLoadError(`onnxruntime-node is not installed. Install it with: ${ORT_INSTALL_HINT}`, {
        provider: 'onnx',
        cause: error,
      });
    }
    throw new ModelLoadError(
      `onnxruntime-node could not be loaded: ${(error as Error)?.message ?? String(error)}`,
      {
        provider: 'onnx',
        cause: error,
      },
    );
  }
}
