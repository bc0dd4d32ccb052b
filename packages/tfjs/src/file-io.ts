import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import type * as TF from '@tensorflow/tfjs';
import type { Tfjs } from './backend.js';

/** The parts of a `model.json` this loader reads. */
interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: Record<string, unknown>;
  weightsManifest?: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
  signature?: Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: Record<string, unknown>;
  trainingConfig?: TF.io.TrainingConfig;
}

/** `path` itself when it is a file, else `path/model.json`. */
export async function resolveModelJson(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'model.json') : path;
  } catch (error) {
    throw new ModelLoadError(`model not found: ${path}`, { provider: 'tfjs', cause: error });
  }
}

/**
 * A tfjs `IOHandler` that reads a `model.json` and its weight shards from the local file system, so
 * `tf.loadGraphModel` and `tf.loadLayersModel` work on local paths without `@tensorflow/tfjs-node`
 * (whose `file://` loader is the only built-in one; plain tfjs in Node would `fetch` and fail).
 *
 * @example
 * const model = await tf.loadGraphModel(fileIOHandler('./weights/tfjs/generator/model.json'));
 */
export function fileIOHandler(modelJsonPath: string): TF.io.IOHandler {
  return {
    async load(): Promise<TF.io.ModelArtifacts> {
      let json: ModelJson;
      try {
        json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
      } catch (error) {
        throw new ModelLoadError(`cannot read ${modelJsonPath}: ${(error as Error).message}`, {
          provider: 'tfjs',
          cause: error,
        });
      }
      if (!json.modelTopology)
        throw new ModelLoadError(`${modelJsonPath} has no modelTopology`, { provider: 'tfjs' });
      const folder = dirname(modelJsonPath);
      const weightSpecs: TF.io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      for (const group of json.weightsManifest ?? []) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) {
          try {
            shards.push(await readFile(join(folder, shard)));
          } catch (error) {
            throw new ModelLoadError(`cannot read weight shard ${shard} of ${modelJsonPath}`, {
              provider: 'tfjs',
              cause: error,
            });
          }
        }
      }
      const weightData = new Uint8Array(shards.reduce((sum, s) => sum + s.length, 0));
      let offset = 0;
      for (const shard of shards) {
        weightData.set(shard, offset);
        offset += shard.length;
      }
      const artifacts: TF.io.ModelArtifacts = {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: weightData.buffer,
        format: json.format ?? (json.modelTopology.node ? 'graph-model' : 'layers-model'),
      };
      if (json.generatedBy) artifacts.generatedBy = json.generatedBy;
      if (json.convertedBy) artifacts.convertedBy = json.convertedBy;
      if (json.signature) artifacts.signature = json.signature as TF.io.ModelArtifacts['signature'] & object;
      if (json.userDefinedMetadata)
        artifacts.userDefinedMetadata = json.userDefinedMetadata as Record<string, object>;
      if (json.modelInitializer)
        artifacts.modelInitializer = json.modelInitializer as NonNullable<
          TF.io.ModelArtifacts['modelInitializer']
        >;
      if (json.trainingConfig) artifacts.trainingConfig = json.trainingConfig;
      return artifacts;
    },
  };
}

/** The format written in a model folder's `model.json` (`graph-model` or `layers-model`). */
export async function readModelFormat(modelJsonPath: string): Promise<'graph-model' | 'layers-model'> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  if (json.format === 'graph-model' || json.format === 'layers-model') return json.format;
  return json.modelTopology?.node ? 'graph-model' : 'layers-model';
}

/** Loads a tfjs graph model from a local `model.json` (or its folder). */
export async function loadGraphModelFromPath(tf: Tfjs, path: string): Promise<TF.GraphModel> {
  const file = await resolveModelJson(path);
  try {
    return await tf.loadGraphModel(fileIOHandler(file));
  } catch (error) {
    if (ModelLoadError.isInstance(error)) throw error;
    throw new ModelLoadError(`cannot load graph model ${file}: ${(error as Error).message}`, {
      provider: 'tfjs',
      cause: error,
    });
  }
}

/** Loads a tfjs layers model from a local `model.json` (or its folder). */
export async function loadLayersModelFromPath(tf: Tfjs, path: string): Promise<TF.LayersModel> {
  const file = await resolveModelJson(path);
  try {
    return await tf.loadLayersModel(fileIOHandler(file));
  } catch (error) {
    if (ModelLoadError.isInstance(error)) throw error;
    throw new ModelLoadError(`cannot load layers model ${file}: ${(error as Error).message}`, {
      provider: 'tfjs',
      cause: error,
    });
  }
}
