import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** Flags every command accepts. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values: booleans for boolean flags, string lists for repeatable ones, strings otherwise. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/**
 * Parses a command's arguments strictly (unknown flags and missing values are usage errors, exit 2).
 * Option values stay strings; the `parse*` helpers below turn them into checked numbers.
 */
export function parseCommand<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
): { values: FlagValues<typeof commonOptions & O>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as FlagValues<typeof commonOptions & O>, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message, command);
  }
}

/** An integer flag within [min, max], or undefined when absent. */
export function parseInteger(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
    throw new UsageError(`${flag}: expected an integer, got "${value}"`);
  }
  if (number < min || number > max)
    throw new UsageError(`${flag}: must be between ${min} and ${max}, got ${number}`);
  return number;
}

/** A decimal flag within [min, max], or undefined when absent. */
export function parseDecimal(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new UsageError(`${flag}: expected a number, got "${value}"`);
  if (number < min || number > max)
    throw new UsageError(`${flag}: must be between ${min} and ${max}, got ${number}`);
  return number;
}

/** `--size WxH` (also `W×H`, or one number for a square), or undefined when absent. */
export function parseSize(value: string | undefined): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{1,5})\s*(?:[x×X*]\s*(\d{1,5}))?\s*$/.exec(value);
  if (!match) throw new UsageError(`--size: expected WIDTHxHEIGHT (for example 512x512), got "${value}"`);
  const width = Number(match[1]);
  const height = match[2] === undefined ? width : Number(match[2]);
  if (width < 1 || height < 1)
    throw new UsageError(`--size: width and height must be positive, got "${value}"`);
  return { width, height };
}

/** Exactly one positional argument (the prompt, the file…), named `what` in the error. */
export function onePositional(command: string, positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`, command);
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one ${what}, got ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(' ')}); quote it`,
      command,
    );
  }
  return positionals[0]!;
}
