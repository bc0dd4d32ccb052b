import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImageClient } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { afterAll, describe, expect, it } from 'vitest';
import { type LicenceTaggingRecord, licenceTagging } from '../src/index.js';
import { writeSidecar } from '../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pictor-sidecar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@pictor/licence-tagging/node', () => {
  it('writeSidecar writes <image>.json (or the given path) from a record made with sidecar: true', async () => {
    const provider = mockProvider({ provider: 'tfjs', modelId: 'emoji' });
    const client = createImageClient({ provider, middleware: [licenceTagging({ sidecar: true })] });
    const { images } = await client.generate({ prompt: 'a star' });
    const record = images[0]!.annotations['licence-tagging'] as LicenceTaggingRecord;
    const path = await writeSidecar(join(dir, 'star.png'), record);
    expect(path).toBe(join(dir, 'star.png.json'));
    const json = JSON.parse(readFileSync(path, 'utf8'));
    expect(json.licence.id).toBe('pictor/model-emoji');
    expect(json.provenance.digitalSourceType).toMatch(/trainedAlgorithmicMedia$/);
    expect(await writeSidecar('ignored.png', record, join(dir, 'custom.json'))).toBe(
      join(dir, 'custom.json'),
    );
    await expect(
      writeSidecar('x.png', { ...record, sidecar: undefined } as unknown as LicenceTaggingRecord),
    ).rejects.toThrow(/sidecar: true/);
  });
});
