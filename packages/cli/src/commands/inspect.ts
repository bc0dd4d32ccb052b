import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateImage } from '@pictor/core';
import { onePositional, parseCommand } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

type ReadProvenance = (bytes: Uint8Array) => unknown;

/** `readProvenance` from `@pictor/licence-tagging`, or undefined when the package is not there. */
async function provenanceReader(): Promise<ReadProvenance | undefined> {
  try {
    const module = (await import('@pictor/licence-tagging')) as Record<string, unknown>;
    return typeof module.readProvenance === 'function'
      ? (module.readProvenance as ReadProvenance)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Lines `key  value` for a nested record, keys dotted, empty values left out. */
export function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value === undefined || value === null || value === '') return out;
  if (value instanceof Uint8Array) {
    out.push([prefix, `<${value.length} bytes>`]);
  } else if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object' || item === null))
      out.push([prefix, value.join(', ')]);
    else for (const [i, item] of value.entries()) flatten(item, `${prefix}[${i}]`, out);
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.push([prefix, String(value)]);
  }
  return out;
}

/** The three provenance layers, as far as they can be told without a key or a signature check. */
export function layersOf(report: Record<string, unknown>): Record<string, string> {
  const mark = report.watermark as { algorithm: string; recordId: string; keyId: string } | undefined;
  return {
    xmp: report.xmp === undefined ? 'absent' : report.xmpError ? 'present, unreadable' : 'present',
    c2pa: report.c2pa
      ? 'present (signature not checked: pictor verify)'
      : report.c2paRemote
        ? `remote manifest referenced: ${String(report.c2paRemote)}`
        : 'absent',
    watermark: mark
      ? `recorded in the XMP: ${mark.algorithm}, record ${mark.recordId}, key ${mark.keyId} (pixels not checked: pictor verify)`
      : 'not recorded in the XMP (pictor verify with the key looks in the pixels)',
  };
}

/** The parts of a provenance report a person reads first; `--verbose` and `--json` show all of it. */
function summary(report: Record<string, unknown>): Record<string, unknown> {
  const licence = report.licence as Record<string, unknown> | undefined;
  return {
    aiGenerated: report.aiGenerated,
    ...(report.fields as Record<string, unknown>),
    licence: licence && {
      spdx: licence.spdx,
      url: licence.licenceUrl,
      commercialUse: licence.commercialUse,
      attribution: licence.attribution,
    },
    exif: report.exif,
    parameters: report.parameters,
  };
}

/** `pictor inspect FILE`: type, size, and the provenance and licence record inside the file. */
export async function inspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('inspect', args, {});
  const file = resolve(io.cwd, onePositional('inspect', positionals, 'FILE'));
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let info: ReturnType<typeof validateImage>;
  try {
    info = validateImage(bytes); // the whole structure, as the client checks provider output
  } catch (error) {
    throw new Error(`${file} is not a readable PNG, JPEG, WebP or GIF image: ${(error as Error).message}`);
  }
  const read = await provenanceReader();
  const provenance = read ? read(bytes) : undefined;
  if (values.json) {
    const { mediaType, width, height, animated, trailerBytes, details } = info;
    const json = {
      file,
      mediaType,
      width,
      height,
      bytes: bytes.length,
      animated,
      trailerBytes,
      details,
      provenance: provenance ?? null,
      layers: provenance ? layersOf(provenance as Record<string, unknown>) : null,
    };
    io.stdout.write(
      `${JSON.stringify(json, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v), 2)}\n`,
    );
    return ExitCode.ok;
  }
  const rows: [string, string][] = [
    ['file', file],
    ['type', info.mediaType],
    ['size', `${info.width}×${info.height}`],
    ['bytes', String(bytes.length)],
  ];
  const format = flatten(info.details).map(([key, value]) => `${key} ${value}`);
  if (format.length) rows.push(['format', format.join(', ')]);
  if (info.animated) rows.push(['animated', 'yes']);
  if (info.trailerBytes > 0)
    rows.push(['trailer', `${info.trailerBytes} bytes after the end of the image (kept)`]);
  if (!read) rows.push(['provenance', 'not read (@pictor/licence-tagging is not installed)']);
  else {
    const fields = flatten(values.verbose ? provenance : summary(provenance as Record<string, unknown>));
    if (fields.length === 0) rows.push(['provenance', 'none']);
    for (const [key, value] of fields) rows.push([`provenance.${key}`, value]);
    for (const [key, value] of Object.entries(layersOf(provenance as Record<string, unknown>)))
      rows.push([`layers.${key}`, value]);
  }
  const width = Math.max(...rows.map(([key]) => key.length));
  for (const [key, value] of rows) io.stdout.write(`${key.padEnd(width)}  ${value}\n`);
  return ExitCode.ok;
}
