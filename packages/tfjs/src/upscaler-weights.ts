import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ModelLoadError } from '@pictor/core';

/** The super-resolution weights shipped in npm packages (tfjs layers models, input and output 0–255). */
export const UPSCALER_WEIGHTS = {
  /** `@upscalerjs/default-model`: RDN ×2 (the same weights as esrgan-slim ×2). MIT. */
  'upscaler-default': { packageName: '@upscalerjs/default-model', files: { 2: 'models/model.json' } },
  /** `@upscalerjs/esrgan-slim`: RDN ×2, ×3, ×4, ×8. MIT. */
  'esrgan-slim': {
    packageName: '@upscalerjs/esrgan-slim',
    files: {
      2: 'models/x2/model.json',
      3: 'models/x3/model.json',
      4: 'models/x4/model.json',
      8: 'models/x8/model.json',
    },
  },
} as const satisfies Record<string, { packageName: string; files: Partial<Record<number, string>> }>;

/** The id of a shipped upscaler. */
export type UpscalerId = keyof typeof UPSCALER_WEIGHTS;

/** The factors an upscaler has. */
export function upscalerScales(id: UpscalerId): number[] {
  return Object.keys(UPSCALER_WEIGHTS[id].files).map(Number);
}

/** The `model.json` path of an upscaler at a factor, found through its package's installed files. */
export function upscalerModelPath(id: UpscalerId, scale: number): string {
  const { packageName, files } = UPSCALER_WEIGHTS[id];
  const file = (files as Partial<Record<number, string>>)[scale];
  if (!file) throw new ModelLoadError(`${id} has no ×${scale} model`, { provider: 'tfjs' });
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(packageName);
  } catch (error) {
    throw new ModelLoadError(`${packageName} is not installed. Install it with: npm install ${packageName}`, {
      provider: 'tfjs',
      cause: error,
    });
  }
  for (let folder = dirname(entry); folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, file))) return join(folder, file);
  }
  throw new ModelLoadError(`${packageName} has no ${file}`, { provider: 'tfjs' });
}
