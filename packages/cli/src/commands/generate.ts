import type { GenerateRequest } from '@pictor/core';
import {
  type FlagValues,
  onePositional,
  parseCommand,
  parseDecimal,
  parseInteger,
  parseSize,
} from '../args.js';
import type { CliIo } from '../io.js';
import { slugify } from '../output/output-paths.js';
import { runImageJob } from './image-job.js';

/** Flags of `generate` (and, with a few more, of `edit`). */
export const generateOptions = {
  provider: { type: 'string', short: 'p' },
  config: { type: 'string', short: 'c' },
  output: { type: 'string', short: 'o' },
  count: { type: 'string', short: 'n' },
  seed: { type: 'string' },
  size: { type: 'string' },
  steps: { type: 'string' },
  guidance: { type: 'string' },
  negative: { type: 'string' },
  check: { type: 'boolean' },
  tag: { type: 'boolean' },
  force: { type: 'boolean', short: 'f' },
} as const;

type Values = FlagValues<typeof generateOptions>;

/** The request fields shared by `generate` and `edit`, from flags. Range checks against the model happen in the client. */
export function requestFromFlags(prompt: string, values: Values): GenerateRequest {
  const request: GenerateRequest = { prompt };
  const size = parseSize(values.size);
  if (size) Object.assign(request, size);
  const n = parseInteger('-n', values.count, 1, 64);
  if (n !== undefined) request.n = n;
  const seed = parseInteger('--seed', values.seed, 0, 2 ** 32 - 1);
  if (seed !== undefined) request.seed = seed;
  const steps = parseInteger('--steps', values.steps, 1, 1000);
  if (steps !== undefined) request.steps = steps;
  const guidance = parseDecimal('--guidance', values.guidance, 0, 100);
  if (guidance !== undefined) request.guidance = guidance;
  if (values.negative !== undefined) request.negativePrompt = values.negative;
  return request;
}

/** `pictor generate "PROMPT" [flags]`: text → image files. */
export async function generateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('generate', args, generateOptions);
  const prompt = onePositional('generate', positionals, 'PROMPT');
  const request = requestFromFlags(prompt, values);
  return runImageJob('generate', values, io, {
    defaultName: slugify(prompt),
    count: request.n ?? 1,
    call: (client, options) => client.generate(request, options),
  });
}
