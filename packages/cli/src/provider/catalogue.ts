import type { Capabilities } from '@pictor/core';

/** One model of an adapter's catalogue, as `pictor models` shows it. */
export interface CatalogueEntry {
  provider: string;
  modelId: string;
  capabilities: Capabilities;
  /** Extra facts the adapter states (description, licence, concepts…). */
  details: Record<string, unknown>;
}

/** The adapter packages `pictor models` knows, by provider id. */
export const ADAPTER_PACKAGES: Record<string, string> = {
  'workers-ai': '@pictor/workers-ai',
  onnx: '@pictor/onnx',
  tfjs: '@pictor/tfjs',
};

/** Each adapter exports its catalogue under its own name (`workersAIModels`, `tfjsModels`, …). */
const EXPORT_NAMES = ['workersAIModels', 'tfjsModels', 'onnxModels', 'models', 'catalogue'];

function isCapabilities(value: unknown): value is Capabilities {
  return typeof value === 'object' && value !== null && 'generate' in value && 'editModes' in value;
}

function entry(provider: string, key: string | undefined, value: unknown): CatalogueEntry | undefined {
  if (isCapabilities(value) && key) return { provider, modelId: key, capabilities: value, details: {} };
  if (typeof value !== 'object' || value === null) return undefined;
  const { capabilities, id, modelId, ...rest } = value as Record<string, unknown>;
  const details = Object.fromEntries(Object.entries(rest).filter(([, item]) => typeof item !== 'function'));
  const name = (typeof modelId === 'string' && modelId) || (typeof id === 'string' && id) || key;
  if (!name || !isCapabilities(capabilities)) return undefined;
  return { provider, modelId: name, capabilities, details };
}

/** Reads an adapter module's catalogue export (an array of entries, or a record keyed by model id). */
export function catalogueOf(provider: string, module: Record<string, unknown>): CatalogueEntry[] | undefined {
  for (const name of EXPORT_NAMES) {
    const value = module[name];
    if (value === undefined) continue;
    const list = Array.isArray(value)
      ? value.map((item) => entry(provider, undefined, item))
      : Object.entries(value as Record<string, unknown>).map(([key, item]) => entry(provider, key, item));
    const entries = list.filter((item): item is CatalogueEntry => item !== undefined);
    if (entries.length) return entries;
  }
  return undefined;
}

/** One line per capability, for the terminal. */
export function describeCapabilities(c: Capabilities): string[] {
  const operations = [c.generate ? 'generate' : '', ...c.editModes.map((mode) => `edit:${mode}`)].filter(
    Boolean,
  );
  const size = c.sizes?.length
    ? c.sizes.map((s) => `${s.width}×${s.height}`).join(', ')
    : c.width && c.height
      ? `${c.width.min}–${c.width.max} × ${c.height.min}–${c.height.max}${c.sizeMultiple && c.sizeMultiple > 1 ? ` (multiple of ${c.sizeMultiple})` : ''}`
      : 'fixed';
  const lines = [
    `does      ${operations.join(', ') || 'nothing'}`,
    `size      ${size}; default ${c.defaultSize.width}×${c.defaultSize.height}`,
    `steps     ${c.steps ? `${c.steps.min}–${c.steps.max}, default ${c.steps.default}` : 'none'}`,
    `honours   ${
      [
        c.seed ? 'seed' : '',
        c.negativePrompt ? 'negative prompt' : '',
        c.guidance ? `guidance ${c.guidance.min}–${c.guidance.max}` : '',
      ]
        .filter(Boolean)
        .join(', ') || 'prompt only'
    }`,
    `per call  ${c.maxImagesPerCall} image${c.maxImagesPerCall > 1 ? 's' : ''}; progress ${c.progress === 'step' ? 'per step' : 'coarse'}`,
  ];
  if (c.outputTypes?.length) lines.push(`returns   ${c.outputTypes.join(', ')}`);
  return lines;
}
