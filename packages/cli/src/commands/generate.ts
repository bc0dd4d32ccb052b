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
import { UsageError } from '../usage-error.js';
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
  option: { type: 'string', short: 'O', multiple: true },
} as const;

/**
 * `-O KEY=VALUE` flags as provider options (`providerOptions[providerId]`): numbers and
 * `true`/`false` are converted, everything else stays text. The adapter checks them.
 */
export function providerOptionsFromFlags(
  values: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const entry of values) {
    const equals = entry.indexOf('=');
    if (equals <= 0) throw new UsageError(`-O: expected KEY=VALUE, got "${entry}"`);
    const key = entry.slice(0, equals).trim();
    const text = entry.slice(equals + 1).trim();
    out[key] =
      text === 'true'
        ? true
        : text === 'false'
          ? false
          : text !== '' && Number.isFinite(Number(text))
            ? Number(text)
            : text;
  }
  return out;
}

/** The request with `-O` options under the id of the provider that will run it. */
export function withProviderOptions<R extends GenerateRequest>(
  request: R,
  provider: string,
  options: Record<string, unknown> | undefined,
): R {
  return options
    ? { ...request, providerOptions: { ...request.providerOptions, [provider]: options } }
    : request;
}

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
  const extra = providerOptionsFromFlags(values.option);
  return runImageJob('generate', values, io, {
    defaultName: slugify(prompt),
    count: request.n ?? 1,
    call: (client, options) =>
      client.generate(withProviderOptions(request, client.provider.provider, extra), options),
  });
}
