import { ModelLoadError } from '@pictor/core';
import type * as Ort from 'onnxruntime-node';
import {
  type ExecutionProviderName,
  explainFailure,
  type SkippedProvider,
  shortReason,
} from './execution-providers.js';
import type { OrtModule } from './load-ort.js';

/** Session options the user may set (a subset of onnxruntime's, with the same meaning). */
export interface SessionSettings {
  /** Threads inside one operator (CPU). Default: onnxruntime's (one per physical core). */
  intraOpNumThreads?: number;
  /** Threads across operators, when `executionMode` is `parallel`. */
  interOpNumThreads?: number;
  /** Graph optimisation level. Default `all`. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** The CPU memory arena: faster repeated runs, more resident memory. Default true. */
  enableCpuMemArena?: boolean;
  /** Memory pattern planning. Default true. */
  enableMemPattern?: boolean;
  /** Sequential or parallel operator execution. Default `sequential`. */
  executionMode?: 'sequential' | 'parallel';
  /** onnxruntime's log level: 0 verbose … 4 fatal. Default 3 (errors). */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /** GPU index for CUDA, TensorRT and DirectML. Default 0. */
  deviceId?: number;
}

/** A created session and how it was made. */
export interface CreatedSession {
  session: Ort.InferenceSession;
  /** The execution provider the session runs on. */
  executionProvider: ExecutionProviderName;
  /** Providers tried before it, and why they were not used. */
  skipped: SkippedProvider[];
}

function providerConfig(
  ep: ExecutionProviderName,
  settings: SessionSettings,
): Ort.InferenceSession.ExecutionProviderConfig {
  if (ep === 'cpu')
    return settings.enableCpuMemArena === undefined
      ? 'cpu'
      : { name: 'cpu', useArena: settings.enableCpuMemArena };
  if ((ep === 'cuda' || ep === 'tensorrt' || ep === 'dml') && settings.deviceId !== undefined) {
    return { name: ep, deviceId: settings.deviceId };
  }
  return ep;
}

function sessionOptions(
  ep: ExecutionProviderName,
  settings: SessionSettings,
): Ort.InferenceSession.SessionOptions {
  const { deviceId: _deviceId, ...rest } = settings;
  return { logSeverityLevel: 3, ...rest, executionProviders: [providerConfig(ep, settings)] };
}

/**
 * Creates a session on the first execution provider of `order` that works. onnxruntime throws (it
 * does not fall back) when a provider's library is missing, so each is tried on its own and the
 * failure recorded. Providers this onnxruntime-node build does not have for the platform are skipped
 * without trying (onnxruntime would silently run them on CPU). `known` carries failures from earlier
 * sessions of the same model so that a missing provider is not tried for every graph. With `strict`,
 * the first provider must work.
 */
export async function createSession(
  ort: OrtModule,
  modelPath: string,
  order: readonly ExecutionProviderName[],
  settings: SessionSettings,
  strict: boolean,
  known: Map<ExecutionProviderName, string>,
): Promise<CreatedSession> {
  const available = new Set(ort.listSupportedBackends?.().map((b) => b.name) ?? ['cpu']);
  const skipped: SkippedProvider[] = [];
  for (const ep of order) {
    let reason = known.get(ep);
    if (reason === undefined && !available.has(ep)) {
      reason = `not available in onnxruntime-node on ${process.platform}/${process.arch}`;
    }
    if (reason === undefined) {
      try {
        const session = await ort.InferenceSession.create(modelPath, sessionOptions(ep, settings));
        return { session, executionProvider: ep, skipped };
      } catch (error) {
        reason = explainFailure(ep, shortReason(error));
        if (
          ep === 'cpu' ||
          /no such file|failed to load model|protobuf parsing|invalid model|ShapeInferenceError/i.test(reason)
        ) {
          throw new ModelLoadError(`could not load ${modelPath}: ${reason}`, {
            provider: 'onnx',
            cause: error,
          });
        }
      }
    }
    known.set(ep, reason);
    skipped.push({ ep, reason });
    if (strict) {
      throw new ModelLoadError(`execution provider ${ep} is not usable (strict, so no fallback): ${reason}`, {
        provider: 'onnx',
      });
    }
  }
  const tried = skipped.map((s) => `${s.ep}: ${s.reason}`).join('; ');
  throw new ModelLoadError(`no execution provider could run ${modelPath} (${tried})`, { provider: 'onnx' });
}
