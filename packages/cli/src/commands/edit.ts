import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { EditMode, EditRequest } from '@pictor/core';
import { onePositional, parseCommand, parseDecimal } from '../args.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';
import {
  generateOptions,
  providerOptionsFromFlags,
  requestFromFlags,
  withProviderOptions,
} from './generate.js';
import { runImageJob } from './image-job.js';

const MODES: readonly EditMode[] = ['img2img', 'inpaint', 'reference', 'upscale'];

/** Flags of `edit`: those of `generate`, plus the input image, mask, mode and strength. */
export const editOptions = {
  ...generateOptions,
  image: { type: 'string', short: 'i' },
  mask: { type: 'string', short: 'm' },
  mode: { type: 'string' },
  strength: { type: 'string' },
  reference: { type: 'string', multiple: true },
} as const;

async function readInput(flag: string, path: string, cwd: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, path)));
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'edit',
    );
  }
}

/** `pictor edit --image IN [--mask M] --mode MODE "PROMPT" -o FILE`: image → image files. */
export async function editCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('edit', args, editOptions);
  const mode = values.mode as EditMode | undefined;
  if (!mode) throw new UsageError(`missing --mode (one of ${MODES.join(', ')})`, 'edit');
  if (!MODES.includes(mode))
    throw new UsageError(`--mode: "${mode}" is not one of ${MODES.join(', ')}`, 'edit');
  if (!values.image) throw new UsageError('missing --image FILE', 'edit');
  if (values.mask && mode !== 'inpaint')
    throw new UsageError(`--mask is only used with --mode inpaint`, 'edit');
  if (mode === 'inpaint' && !values.mask)
    throw new UsageError('--mode inpaint needs --mask FILE (white = redraw)', 'edit');
  // The prompt is optional for upscale; the spec requires one, so it defaults to a neutral one.
  const prompt =
    mode === 'upscale' && positionals.length === 0 ? 'upscale' : onePositional('edit', positionals, 'PROMPT');
  const request: EditRequest = {
    ...requestFromFlags(prompt, values),
    mode,
    image: await readInput('--image', values.image, io.cwd),
  };
  if (values.mask) request.mask = await readInput('--mask', values.mask, io.cwd);
  if (values.reference?.length) {
    request.references = await Promise.all(
      values.reference.map((path) => readInput('--reference', path, io.cwd)),
    );
  }
  const extra = providerOptionsFromFlags(values.option);
  const strength = parseDecimal('--strength', values.strength, 0, 1);
  if (strength !== undefined) request.strength = strength;
  // With nothing configured, upscaling uses the local ESRGAN model (the embedded emoji model cannot edit).
  const flags = mode === 'upscale' ? { ...values, defaultProvider: 'tfjs:esrgan-slim' } : values;
  return runImageJob('edit', flags, io, {
    defaultName: `${basename(values.image, extname(values.image))}-${mode}`,
    count: request.n ?? 1,
    call: (client, options) =>
      client.edit(withProviderOptions(request, client.provider.provider, extra), options),
  });
}
