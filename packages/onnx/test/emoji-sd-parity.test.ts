import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emojiSdFolder, packageDir } from '@pictor/model-emoji-sd';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipTokenizer } from '../src/sd/clip-tokenizer.js';
import { imageToTensor, maskToTensor } from '../src/sd/image-tensors.js';
import { readSdFolder } from '../src/sd/model-folder.js';
import { runStableDiffusion, type SdJob } from '../src/sd/pipeline.js';
import type { SchedulerName } from '../src/sd/schedulers/index.js';
import { TextConditioning } from '../src/sd/text-conditioning.js';

// The expected latents come from an independent PyTorch sampler written from the published scheduler
// formulas (packages/model-emoji-sd/train/sampler.py), run on the same weights, prompts and noise seeds.
interface ParityCase {
  name: string;
  prompt: string;
  seed: number;
  count?: number;
  steps: number;
  guidance: number;
  scheduler: SchedulerName;
  eta?: number;
  image?: boolean;
  mask?: boolean;
  strength?: number;
  tokens: number[];
  latents: number[];
}
const train = join(packageDir, 'train');
const fixture = JSON.parse(readFileSync(join(train, 'parity_fixture.json'), 'utf8')) as {
  tolerance: number;
  image: string;
  mask: string;
  cases: ParityCase[];
};

const folder = readSdFolder(emojiSdFolder);
const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const sessions = Promise.all([
  ort.InferenceSession.create(folder.graphs.textEncoder, options),
  ort.InferenceSession.create(folder.graphs.unet, options),
  ort.InferenceSession.create(folder.graphs.vaeDecoder, options),
  ort.InferenceSession.create(folder.graphs.vaeEncoder!, options),
]);
const tokenizer = ClipTokenizer.fromFolder(folder.tokenizer);
afterAll(async () => {
  for (const session of await sessions) await session.release();
});

function maxAbsDiff(a: Float32Array, b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('emoji-sd: the TypeScript pipeline against the PyTorch reference sampler', () => {
  it('tokenizes the prompts as the reference does', () => {
    for (const c of fixture.cases)
      expect(Array.from(tokenizer.tokenize(c.prompt).ids), c.prompt).toEqual(c.tokens);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: final latents within ${fixture.tolerance} (max abs)`, async () => {
      const [textEncoder, unet, vaeDecoder, vaeEncoder] = await sessions;
      const text = new TextConditioning(ort, textEncoder, tokenizer);
      const image = c.image
        ? await imageToTensor(readFileSync(join(train, fixture.image)), 64, 64)
        : undefined;
      const mask = c.mask ? await maskToTensor(readFileSync(join(train, fixture.mask)), 64, 64) : undefined;
      const job: SdJob = {
        prompt: c.prompt,
        width: 64,
        height: 64,
        count: c.count ?? 1,
        seed: c.seed,
        steps: c.steps,
        guidance: c.guidance,
        scheduler: c.scheduler,
        eta: c.eta ?? 0,
        ...(image ? { image, strength: c.strength ?? 1 } : {}),
        ...(mask ? { mask } : {}),
      };
      const out = await runStableDiffusion(ort, folder, { unet, vaeDecoder, vaeEncoder }, text, job, {}, []);
      const spread = Math.max(...c.latents.map(Math.abs));
      expect(spread).toBeGreaterThan(0.1); // the reference produced real latents, not zeros
      expect(maxAbsDiff(out.latents, c.latents)).toBeLessThanOrEqual(fixture.tolerance);
    });
  }
});
