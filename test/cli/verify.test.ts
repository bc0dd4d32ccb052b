// The built `pictor verify` and `pictor inspect` on files carrying one, two or three provenance
// layers (made here with the library: watermark, then XMP, then a signed C2PA manifest).

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { licenceTagging, writeProvenance } from '@pictor/licence-tagging';
import { createC2paSignerFromFiles } from '@pictor/licence-tagging/node';
import { type WatermarkAnnotation, watermark } from '@pictor/watermark';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeC2paCertificates } from '../support/c2pa-certificates.js';
import { ensureBuilt, runCli } from './built-cli.js';

const KEY = 'cli-verify-test-key-0b7d';
const env = { WM_KEY: KEY };
let dir: string;
let mark: WatermarkAnnotation;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'pictor-verify-'));
  const photo = new Uint8Array(
    readFileSync(fileURLToPath(new URL('../fixtures/photos/coffee.png', import.meta.url))),
  );
  const signer = await createC2paSignerFromFiles(makeC2paCertificates(dir));
  const client = createImageClient({
    provider: mockProvider({
      provider: 'workers-ai',
      modelId: '@cf/black-forest-labs/flux-1-schnell',
      bytes: () => photo,
    }),
    middleware: [licenceTagging({ c2pa: signer }), watermark({ key: KEY })],
  });
  const image = (await client.generate({ prompt: 'coffee', seed: 1 })).images[0]!;
  mark = image.annotations.watermark as WatermarkAnnotation;
  await writeFile(join(dir, 'signed.png'), image.bytes);
  // Metadata stripped (a platform's re-encode): only the watermark is left.
  await writeFile(join(dir, 'stripped.jpg'), await sharp(image.bytes).jpeg({ quality: 85 }).toBuffer());
  // An XMP record whose record id is not the one in the pixels.
  const lying = writeProvenance(new Uint8Array(await sharp(image.bytes).png().toBuffer()), {
    watermarkAlgorithm: mark.algorithm,
    watermarkRecordId: mark.recordId === '0000000000' ? '0000000001' : '0000000000',
    watermarkKeyId: mark.keyId,
  }).bytes;
  await writeFile(join(dir, 'lying.png'), lying);
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pictor verify', () => {
  it('all three layers present and checking out: exit 0, one line per layer', async () => {
    const run = await runCli(['verify', 'signed.png', '--key-env', 'WM_KEY'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^xmp +ok +AI-generated; .*watermark dev\.pictor\.ssdct\.1 record [0-9a-f]{10}/m,
    );
    expect(run.stdout).toMatch(
      /^c2pa +ok +signature and hard binding valid; signer not on the C2PA trust list; soft binding/m,
    );
    expect(run.stdout).toContain(`record ${mark.recordId} = the XMP's`);
    expect(run.stdout).toMatch(/^result +ok: every present layer checks out$/m);
    expect(run.stdout).not.toContain(KEY);
  });

  it('--json: the layers with their status; the key from PICTOR_WATERMARK_KEY by default', async () => {
    const run = await runCli(['verify', 'stripped.jpg', '--json'], {
      cwd: dir,
      env: { PICTOR_WATERMARK_KEY: KEY },
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      ok: true,
      layers: {
        xmp: { status: 'absent' },
        c2pa: { status: 'absent' },
        watermark: { status: 'ok', recordId: mark.recordId },
      },
    });
  });

  it('the wrong key: watermark absent, still exit 0; no key: unchecked', async () => {
    const wrong = await runCli(['verify', 'signed.png', '--key-env', 'WM_KEY', '--json'], {
      cwd: dir,
      env: { WM_KEY: 'not the key' },
    });
    expect(wrong.code).toBe(0);
    expect(JSON.parse(wrong.stdout).layers.watermark.status).toBe('absent');
    const none = await runCli(['verify', 'signed.png', '--json'], { cwd: dir });
    expect(JSON.parse(none.stdout).layers.watermark.status).toBe('unchecked');
  });

  it('a record id mismatch between XMP and pixels: exit 3, naming the layer', async () => {
    const run = await runCli(['verify', 'lying.png', '--key-env', 'WM_KEY'], { cwd: dir, env });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^watermark +failed +record [0-9a-f]{10} in the pixels, but [0-9a-f]{10} in the XMP$/m,
    );
    expect(run.stdout).toMatch(/^result +failed: watermark$/m);
  });

  it('usage errors exit 2: no file, an unset --key-env variable', async () => {
    expect((await runCli(['verify'], { cwd: dir })).code).toBe(2);
    const unset = await runCli(['verify', 'signed.png', '--key-env', 'NOT_SET_ANYWHERE'], { cwd: dir });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('NOT_SET_ANYWHERE is not set');
  });
});

describe('pictor inspect shows the three layers', () => {
  it('XMP and C2PA present, the watermark named by the XMP', async () => {
    const run = await runCli(['inspect', 'signed.png'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^layers\.xmp +present$/m);
    expect(run.stdout).toMatch(/^layers\.c2pa +present \(signature not checked: pictor verify\)$/m);
    expect(run.stdout).toMatch(
      new RegExp(
        `^layers\\.watermark +recorded in the XMP: dev\\.pictor\\.ssdct\\.1, record ${mark.recordId}, key ${mark.keyId}`,
        'm',
      ),
    );
    const stripped = JSON.parse((await runCli(['inspect', 'stripped.jpg', '--json'], { cwd: dir })).stdout);
    expect(stripped.layers).toMatchObject({ xmp: 'absent', c2pa: 'absent' });
    expect(stripped.layers.watermark).toMatch(/^not recorded/);
  });
});
