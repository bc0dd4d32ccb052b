import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ProvenanceVerification } from '@pictor/licence-tagging';
import { onePositional, parseCommand } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

const DEFAULT_KEY_ENV = 'PICTOR_WATERMARK_KEY';

/**
 * `pictor verify FILE [--key-env NAME]`: which provenance layers the file carries (XMP record, C2PA
 * manifest, invisible watermark) and whether each checks out. Exit 0 when every present layer checks
 * out, 3 when one fails or disagrees with another, 2 on bad usage.
 */
export async function verifyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('verify', args, { 'key-env': { type: 'string' } });
  const file = resolve(io.cwd, onePositional('verify', positionals, 'FILE'));
  const keyEnv = values['key-env'];
  if (keyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv))
    throw new UsageError(`--key-env: expected an environment variable name, got "${keyEnv}"`, 'verify');
  const key = io.env[keyEnv ?? DEFAULT_KEY_ENV];
  if (keyEnv !== undefined && !key)
    throw new UsageError(`--key-env: the environment variable ${keyEnv} is not set`, 'verify');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const { verifyProvenance } = await import('@pictor/licence-tagging');
  // Node cannot fetch the c2pa-wasm binary by URL: read it from disk (absent → C2PA `unchecked`).
  const wasm = await import('@pictor/licence-tagging/node')
    .then((node) => node.readC2paWasm())
    .catch(() => undefined);
  const verdict: ProvenanceVerification = await verifyProvenance(bytes, {
    ...(key ? { watermarkKey: key } : {}),
    ...(wasm ? { wasm } : {}),
  });
  const layers = { xmp: verdict.xmp, c2pa: verdict.c2pa, watermark: verdict.watermark };
  const code = verdict.ok ? ExitCode.ok : ExitCode.checkFailed;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: verdict.ok, file, layers }, null, 2)}\n`);
    return code;
  }
  const rows: [string, string][] = [['file', file]];
  for (const [name, layer] of Object.entries(layers))
    rows.push([name, `${layer.status.padEnd(9)}  ${layer.detail}`]);
  const failed = Object.entries(layers).filter(([, layer]) => layer.status === 'failed');
  rows.push([
    'result',
    failed.length
      ? `failed: ${failed.map(([name]) => name).join(', ')}`
      : 'ok: every present layer checks out',
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) io.stdout.write(`${name.padEnd(width)}  ${value}\n`);
  return code;
}
