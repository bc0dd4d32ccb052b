import { InvalidResponseError } from '@pictor/core';
import type * as Ort from 'onnxruntime-node';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';
import type { OrtModule } from './load-ort.js';

/** The element type a model declares for an input, read from the session's metadata. */
export type ElementType = Ort.Tensor.Type;

/** The declared element type of input `name` (float32 when the metadata does not say). */
export function inputType(session: Ort.InferenceSession, name: string): ElementType {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? meta.type : 'float32';
}

/** The declared shape of input `name` (numbers for fixed sizes, strings for symbolic ones). */
export function inputShape(session: Ort.InferenceSession, name: string): ReadonlyArray<number | string> {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? meta.shape : [];
}

/**
 * Makes a tensor of the model's declared type from float32 values: float16 models get half-precision
 * bits, integer inputs (such as an int64 timestep) get rounded integers.
 */
export function floatTensor(
  ort: OrtModule,
  type: ElementType,
  values: Float32Array,
  dims: readonly number[],
): Ort.Tensor {
  switch (type) {
    case 'float32':
      return new ort.Tensor('float32', values, dims);
    case 'float16':
      return new ort.Tensor('float16', float32ToFloat16(values), dims);
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(values), dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(values, (v) => BigInt(Math.round(v))),
        dims,
      );
    case 'int32':
      return new ort.Tensor(
        'int32',
        Int32Array.from(values, (v) => Math.round(v)),
        dims,
      );
    default:
      throw new InvalidResponseError(`the model wants ${type} input, which the onnx adapter cannot feed`, {
        provider: 'onnx',
      });
  }
}

/** Reads a float output (float32, float16 or float64) as a Float32Array. */
export function readFloats(tensor: Ort.Tensor | undefined, name: string): Float32Array {
  if (!tensor) throw new InvalidResponseError(`the model returned no "${name}" output`, { provider: 'onnx' });
  switch (tensor.type) {
    case 'float32':
      return tensor.data as Float32Array;
    case 'float16': {
      const data = tensor.data as unknown;
      if (data instanceof Uint16Array) return float16ToFloat32(data);
      return Float32Array.from(data as ArrayLike<number>);
    }
    case 'float64':
      return Float32Array.from(tensor.data as Float64Array);
    default:
      throw new InvalidResponseError(`output "${name}" is ${tensor.type}, expected a float tensor`, {
        provider: 'onnx',
      });
  }
}
