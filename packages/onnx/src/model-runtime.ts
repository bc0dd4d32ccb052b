import type { Warning } from '@pictor/core';
import type { ExecutionProviderName, SkippedProvider } from './runtime/execution-providers.js';
import type { CreatedSession } from './runtime/session-factory.js';

/** What every result reports in `providerMetadata.onnx`. */
export interface OnnxRunMetadata {
  /** The execution provider that ran the model's main graph (the UNet, or the generator). */
  executionProvider: ExecutionProviderName;
  /** Providers tried first and not used, with the reason. */
  skipped: SkippedProvider[];
  /** The provider of each graph, when they differ. */
  graphs?: Record<string, ExecutionProviderName>;
  [key: string]: unknown;
}

/** Sums up how a model's sessions were made, and warns about fallbacks. */
export function describeSessions(
  named: Record<string, CreatedSession>,
  main: string,
  warnings: Warning[],
): OnnxRunMetadata {
  const skipped = new Map<string, SkippedProvider>();
  for (const created of Object.values(named)) for (const s of created.skipped) skipped.set(s.ep, s);
  const graphs: Record<string, ExecutionProviderName> = {};
  for (const [name, created] of Object.entries(named)) graphs[name] = created.executionProvider;
  const executionProvider = named[main]!.executionProvider;
  for (const s of skipped.values()) {
    warnings.push({
      type: 'other',
      source: 'onnx',
      message: `execution provider ${s.ep} was not used: ${s.reason}`,
    });
  }
  const mixed = new Set(Object.values(graphs)).size > 1;
  return { executionProvider, skipped: [...skipped.values()], ...(mixed ? { graphs } : {}) };
}
