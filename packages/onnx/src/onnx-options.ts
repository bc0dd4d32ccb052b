import { z } from 'zod';
import { EXECUTION_PROVIDERS } from './runtime/execution-providers.js';
import { SCHEDULERS } from './sd/schedulers/scheduler.js';

// Config strings (`onnx:./model?ep=cuda,cpu&threads=2`) give every option as a string; these accept both.
const booleanish = z.preprocess((value) => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}, z.boolean());

const epChoice = z.enum(['auto', ...EXECUTION_PROVIDERS]);
const epList = z.preprocess(
  (value) =>
    typeof value === 'string' && value.includes(',') ? value.split(',').map((s) => s.trim()) : value,
  z.union([epChoice, z.array(epChoice).min(1)]),
);

/** Options of one ONNX model: `onnx(path, options)`, or the query string of `onnx:path?…` in a config. */
export const onnxModelOptionsSchema = z
  .object({
    ep: epList
      .optional()
      .describe(
        "Execution provider(s): 'auto' (default), 'cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu', or an ordered list. One named provider falls back to CPU unless strict.",
      ),
    strict: booleanish
      .optional()
      .describe('Fail instead of falling back when the first execution provider cannot run.'),
    threads: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Threads inside one operator (intraOpNumThreads).'),
    interOpThreads: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Threads across operators (interOpNumThreads).'),
    graphOptimization: z
      .enum(['disabled', 'basic', 'extended', 'all'])
      .optional()
      .describe('Graph optimisation level. Default all.'),
    memoryArena: booleanish
      .optional()
      .describe('The CPU memory arena (faster repeated runs, more memory). Default true.'),
    memoryPattern: booleanish.optional().describe('Memory pattern planning. Default true.'),
    executionMode: z.enum(['sequential', 'parallel']).optional(),
    deviceId: z.coerce.number().int().min(0).optional().describe('GPU index for cuda, tensorrt and dml.'),
    logLevel: z.coerce
      .number()
      .int()
      .min(0)
      .max(4)
      .optional()
      .describe("onnxruntime's log level, 0 verbose … 4 fatal. Default 3."),
    scheduler: z
      .enum(SCHEDULERS)
      .optional()
      .describe('Stable Diffusion: the scheduler (default: the one the folder names).'),
    steps: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe('Stable Diffusion: default denoising steps.'),
    guidance: z.coerce
      .number()
      .min(0)
      .max(50)
      .optional()
      .describe('Stable Diffusion: default guidance scale (≤ 1 = no guidance).'),
    maxBatch: z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('Most images one call runs as a batch. Default 4 (SD), 16 (generators).'),
    eta: z.coerce.number().min(0).max(1).optional().describe('DDIM η (0 = deterministic).'),
    encodePrompt: z
      .custom<(prompt: string) => { words: Float32Array; known: string[]; unknown: string[] }>(
        (v) => typeof v === 'function',
      )
      .optional()
      .describe(
        "Generators: turns a prompt into the model's text input row (default: the card's vocabulary rules).",
      ),
  })
  .strict();

/** Options of one ONNX model. */
export type OnnxModelOptions = z.input<typeof onnxModelOptionsSchema>;
/** Options after parsing. */
export type ParsedModelOptions = z.output<typeof onnxModelOptionsSchema>;

/** Per-call knobs: `providerOptions.onnx` of a request. */
export const onnxProviderOptionsSchema = z
  .object({
    scheduler: z.enum(SCHEDULERS).optional().describe('Scheduler for this call.'),
    eta: z.number().min(0).max(1).optional().describe('DDIM η for this call.'),
  })
  .strict();

/** Per-call knobs (`providerOptions.onnx`). */
export type OnnxProviderOptions = z.infer<typeof onnxProviderOptionsSchema>;
