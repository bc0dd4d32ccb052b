// The names each package entry exports (values; types are erased at run time), kept in
// public-surface.json so that adding or removing a public name is a deliberate, reviewed change.
// After a deliberate change: PICTOR_UPDATE_SURFACE=1 pnpm exec vitest run --project integration test/core/public-surface.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const entries: Record<string, () => Promise<Record<string, unknown>>> = {
  '@pictor/core': () => import('@pictor/core'),
  '@pictor/core/test': () => import('@pictor/core/test'),
  '@pictor/core/node': () => import('@pictor/core/node'),
  '@pictor/core/internal': () => import('@pictor/core/internal'),
  '@pictor/workers-ai': () => import('@pictor/workers-ai'),
  '@pictor/onnx': () => import('@pictor/onnx'),
  '@pictor/tfjs': () => import('@pictor/tfjs'),
  '@pictor/model-emoji': () => import('@pictor/model-emoji'),
  '@pictor/model-emoji/node': () => import('@pictor/model-emoji/node'),
  '@pictor/hallucination-check': () => import('@pictor/hallucination-check'),
  '@pictor/licence-tagging': () => import('@pictor/licence-tagging'),
  '@pictor/licence-tagging/node': () => import('@pictor/licence-tagging/node'),
  '@pictor/cli': () => import('@pictor/cli'),
  '@pictor/image': () => import('@pictor/image'),
  '@pictor/queue': () => import('@pictor/queue'),
  '@pictor/queue/cloudflare': () => import('@pictor/queue/cloudflare'),
  '@pictor/watermark': () => import('@pictor/watermark'),
  '@pictor/ai-sdk': () => import('@pictor/ai-sdk'),
};

const file = new URL('./public-surface.json', import.meta.url);

describe('public surface', () => {
  it('each entry exports exactly the recorded names', async () => {
    const actual: Record<string, string[]> = {};
    for (const [entry, load] of Object.entries(entries)) {
      actual[entry] = Object.keys(await load())
        .filter((name) => name !== 'default' && name !== 'module.exports')
        .sort();
    }
    if (process.env.PICTOR_UPDATE_SURFACE === '1')
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
    expect(actual).toEqual(recorded);
  });

  it('keeps internals out of the main entries', async () => {
    const core = await import('@pictor/core');
    for (const internal of ['raceAbort', 'sleep', 'splitN', 'formatPath', 'normalizeImageInput'])
      expect(Object.keys(core)).not.toContain(internal);
  });
});
