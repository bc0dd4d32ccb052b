/** The execution providers the adapter knows, by their onnxruntime-node names. */
export const EXECUTION_PROVIDERS = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

/** An execution provider: `cuda`, `tensorrt`, `dml` (DirectML, Windows), `coreml` (macOS), `webgpu`, `cpu`. */
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

/** What a user may ask for: one provider, `auto`, or an ordered list. */
export type ExecutionProviderChoice = 'auto' | ExecutionProviderName;

/** An execution provider that was tried and not used, and why. */
export interface SkippedProvider {
  /** The provider. */
  ep: ExecutionProviderName;
  /** Why it was not used (the runtime's own message, shortened). */
  reason: string;
}

/**
 * The order `auto` tries, per platform: the GPU providers that onnxruntime-node ships for it, then CPU.
 * Linux x64: CUDA → CPU. Windows: CUDA → DirectML → CPU. macOS: CoreML → CPU. Elsewhere: CPU.
 * TensorRT and WebGPU are never picked by `auto` (TensorRT builds engines for minutes on first use;
 * WebGPU in Node needs a Vulkan/D3D adapter); name them to use them.
 */
export function autoOrder(
  platform: string = process.platform,
  arch: string = process.arch,
): ExecutionProviderName[] {
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cpu'];
}

/**
 * Expands a choice into the order to try. A single named provider gets CPU after it (unless `strict`);
 * a list is tried exactly as stated (with `auto` expanded in place); duplicates are dropped.
 */
export function providerOrder(
  choice: ExecutionProviderChoice | readonly ExecutionProviderChoice[],
  strict: boolean,
  platform?: string,
  arch?: string,
): ExecutionProviderName[] {
  const list = typeof choice === 'string' ? [choice] : choice;
  const expanded = list.flatMap((c) => (c === 'auto' ? autoOrder(platform, arch) : [c]));
  if (typeof choice === 'string' && choice !== 'auto' && choice !== 'cpu' && !strict) expanded.push('cpu');
  return [...new Set(expanded)];
}

const ESCAPE = String.fromCharCode(27);

/** The first line of a runtime error, without ANSI colours, at most 300 characters. */
export function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const uncoloured = text
    .split(ESCAPE)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');
  const clean = uncoloured.split('\n')[0]!.trim();
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}

/** Extra words for the common failures, so the report says what to do. */
export function explainFailure(ep: ExecutionProviderName, reason: string): string {
  if (
    (ep === 'cuda' || ep === 'tensorrt') &&
    /shared library|cannot open shared object|LoadLibrary/i.test(reason)
  ) {
    return `${reason} (the ${ep === 'cuda' ? 'CUDA' : 'TensorRT'} provider libraries are not installed: reinstall onnxruntime-node with its install script enabled, and have CUDA 12 + cuDNN 9 on the library path)`;
  }
  return reason;
}
