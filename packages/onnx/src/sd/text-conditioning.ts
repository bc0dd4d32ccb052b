import type { Warning } from '@pictor/core';
import type * as Ort from 'onnxruntime-node';
import type { OrtModule } from '../runtime/load-ort.js';
import { floatTensor, inputType, readFloats } from '../runtime/tensors.js';
import type { ClipTokenizer } from './clip-tokenizer.js';

/** Prompt embeddings of the text encoder: `[sequence, hidden]` per prompt. */
export interface PromptEmbedding {
  values: Float32Array;
  sequence: number;
  hidden: number;
}

/**
 * Runs the CLIP text encoder on prompts, one window each, and caches results per text (the
 * empty negative prompt and repeated prompts are encoded once). Truncation is reported as a warning.
 */
export class TextConditioning {
  private readonly cache = new Map<string, PromptEmbedding>();

  constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    private readonly tokenizer: ClipTokenizer,
  ) {}

  /** The embedding of one prompt. `field` names it in the truncation warning. */
  async encode(
    text: string,
    field: 'prompt' | 'negativePrompt',
    warnings: Warning[],
  ): Promise<PromptEmbedding> {
    const { ids, tokenCount, truncated } = this.tokenizer.tokenize(text);
    if (truncated) {
      warnings.push({
        type: 'other',
        source: 'onnx',
        message: `${field} is ${tokenCount} tokens; the text encoder reads ${this.tokenizer.maxLength - 2}, so the rest was dropped`,
      });
    }
    const key = ids.join(',');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const name = this.session.inputNames[0] ?? 'input_ids';
    const type = inputType(this.session, name);
    const feed =
      type === 'int64'
        ? new this.ort.Tensor(
            'int64',
            BigInt64Array.from(ids, (v) => BigInt(v)),
            [1, ids.length],
          )
        : floatTensor(this.ort, type, Float32Array.from(ids), [1, ids.length]);
    const output = await this.session.run({ [name]: feed });
    const outputName = this.session.outputNames.includes('last_hidden_state')
      ? 'last_hidden_state'
      : this.session.outputNames[0]!;
    const tensor = output[outputName] as Ort.Tensor;
    const values = readFloats(tensor, outputName).slice();
    const dims = tensor.dims;
    const embedding = {
      values,
      sequence: dims[1] ?? ids.length,
      hidden: dims[2] ?? values.length / ids.length,
    };
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, embedding);
    return embedding;
  }
}
