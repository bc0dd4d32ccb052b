import { ModelLoadError } from '../errors/model-load-error.js';

/** Imports a module by package name. Apps may pass their own (`(id) => import(id)`) so resolution starts from them. */
export type ModuleImporter = (packageName: string) => Promise<Record<string, unknown>>;

function isNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: string })?.code;
  const message = String((error as Error)?.message ?? '');
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (message.includes(packageName) && /cannot find|failed to (load|resolve)|not found/i.test(message))
  );
}

/** Tries `import(name)` from this package, then (on Node) from the current working directory. */
async function defaultImport(packageName: string): Promise<Record<string, unknown>> {
  try {
    return (await import(/* @vite-ignore */ packageName)) as Record<string, unknown>;
  } catch (error) {
    if (!isNotFound(error, packageName)) throw error;
    const proc = (
      globalThis as {
        process?: {
          cwd?: () => string;
          versions?: { node?: string };
          getBuiltinModule?: (id: string) => unknown;
        };
      }
    ).process;
    const getBuiltin = proc?.getBuiltinModule ? (id: string) => proc.getBuiltinModule!(id) : undefined;
    if (!proc?.versions?.node || !proc.cwd || !getBuiltin) throw error;
    // Node's own modules come through process.getBuiltinModule: no `node:` import for Worker bundlers to trip on.
    const { createRequire } = getBuiltin('node:module') as typeof import('node:module');
    const { pathToFileURL } = getBuiltin('node:url') as typeof import('node:url');
    const requireFromCwd = createRequire(`${proc.cwd()}/noop.js`);
    let resolved: string;
    try {
      resolved = requireFromCwd.resolve(packageName);
    } catch {
      throw error;
    }
    return (await import(/* @vite-ignore */ pathToFileURL(resolved).href)) as Record<string, unknown>;
  }
}

/**
 * Loads an optional package lazily. A missing package is a `ModelLoadError` that says what to install.
 */
export async function loadOptionalModule(
  packageName: string,
  installHint: string,
  importer: ModuleImporter = defaultImport,
): Promise<Record<string, unknown>> {
  try {
    return await importer(packageName);
  } catch (error) {
    if (isNotFound(error, packageName)) {
      throw new ModelLoadError(`${packageName} is not installed. Install it with: ${installHint}`, {
        cause: error,
      });
    }
    throw new ModelLoadError(
      `${packageName} could not be loaded: ${(error as Error)?.message ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
}
