import type { ImageProvider, ProviderConfigContext, ProviderObject } from '@pictor/core';
import type { OnnxModelOptions } from './onnx-options.js';
import { createOnnx, type OnnxSettings } from './onnx-provider.js';

/**
 * The config registry's hook for `onnx`: `onnx:./models/sd-turbo?ep=cuda&threads=4` or
 * `{ id: 'onnx', model: './models/sd-turbo', options: { ep: ['cuda', 'cpu'] }, settings: { baseDir } }`.
 * Query values are strings; the options schema coerces them. Relative paths start at the config's `cwd`.
 */
export function providerFromConfig(config: ProviderObject, context: ProviderConfigContext): ImageProvider {
  const settings = { ...(config.settings ?? {}) } as OnnxSettings;
  if (settings.baseDir === undefined && context.cwd !== undefined) settings.baseDir = context.cwd;
  return createOnnx(settings)(config.model, (config.options ?? {}) as OnnxModelOptions);
}
