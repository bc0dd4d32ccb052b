// Bundles a Worker script from workspace sources with esbuild, the way a Workers build would, and
// reports every `node:` import the bundle's inputs make (a Worker has no Node built-ins).
import { createRequire } from 'node:module';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { text: string }[];
    metafile: { inputs: Record<string, { imports: { path: string }[] }> };
  }>;
}

// esbuild comes with the workspace's build tool (tsup); resolve it from there.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as Esbuild;

/** A bundled Worker. */
export interface WorkerBundle {
  /** The ES module text. */
  code: string;
  /** `file → node:x` for every Node built-in an input imports (statically or lazily). */
  nodeImports: string[];
}

/**
 * Bundles `entry` (an absolute path) as one ES module for workerd. `node:*` stays external: core and
 * the adapters reach Node only through lazy paths a Worker never takes, which `nodeImports` lists.
 * `external` names more imports left to the runtime (a Worker's `.wasm` module imports).
 */
export async function bundleWorker(
  entry: string,
  platform: 'browser' | 'neutral' = 'browser',
  external: string[] = [],
): Promise<WorkerBundle> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    conditions: ['@pictor/source', 'workerd', 'worker'],
    external: ['node:*', ...external],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const nodeImports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.path.startsWith('node:')).map((i) => `${file} → ${i.path}`),
  );
  return { code: result.outputFiles[0]!.text, nodeImports };
}
