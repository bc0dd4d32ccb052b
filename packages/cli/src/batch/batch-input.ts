import { createHash } from 'node:crypto';
import { type GenerateRequest, InvalidRequestError } from '@pictor/core';
import { slugify } from '../output/output-paths.js';

/** One line of a batch file, parsed: a request, or why the line is not one. */
export interface BatchItem {
  /** 1-based line number in the file. */
  line: number;
  /** Identifies the item across runs: its `id`, else a hash of its request (with an ordinal for repeats). */
  key: string;
  /** File name stem for its images. */
  name: string;
  request?: GenerateRequest;
  error?: InvalidRequestError;
}

const SAFE_NAME = /^[\w.-]{1,100}$/;

/**
 * Parses a JSONL batch file: one JSON request a line (`{ "prompt": …, "seed"?, "n"?, "width"?, … }`,
 * plus an optional `"id"` that names the files and identifies the line across runs). Blank lines and
 * lines starting with `#` are skipped; a bad line becomes an item with an error naming the line and
 * field, so the rest of the batch still runs. Range checks against the model happen in the client.
 */
export function parseBatch(text: string): BatchItem[] {
  const items: BatchItem[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fail = (field: string, message: string): BatchItem => ({
      line,
      key: `line-${line}`,
      name: `line-${line}`,
      error: new InvalidRequestError(`line ${line}${field ? `.${field}` : ''}`, message),
    });
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      items.push(fail('', 'not valid JSON'));
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      items.push(fail('', 'expected a JSON object with a "prompt"'));
      continue;
    }
    const { id, ...request } = value as Record<string, unknown>;
    if (typeof request.prompt !== 'string' || request.prompt.trim() === '') {
      items.push(fail('prompt', 'expected a non-empty string'));
      continue;
    }
    if (id !== undefined && (typeof id !== 'string' || !SAFE_NAME.test(id))) {
      items.push(fail('id', 'expected 1–100 letters, digits, ".", "_" or "-"'));
      continue;
    }
    let key: string;
    if (typeof id === 'string') {
      if (seen.has(`id:${id}`)) {
        items.push(fail('id', `"${id}" is used by an earlier line`));
        continue;
      }
      seen.set(`id:${id}`, 1);
      key = id;
    } else {
      const hash = createHash('sha256').update(canonical(request)).digest('hex').slice(0, 16);
      const ordinal = seen.get(hash) ?? 0;
      seen.set(hash, ordinal + 1);
      key = ordinal ? `${hash}-${ordinal}` : hash;
    }
    const name =
      typeof id === 'string' ? id : `${String(line).padStart(4, '0')}-${slugify(request.prompt as string)}`;
    items.push({ line, key, name, request: request as unknown as GenerateRequest });
  }
  return items;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
