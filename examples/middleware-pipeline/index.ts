// Four middlewares around one provider, in a deliberate order. The first listed is the outermost:
// a call goes retry → cache → licence tagging → hallucination check → model, and the result comes
// back the other way.
// Run: pnpm start [OUT_DIR] [CACHE_DIR]   (run it twice: the second run is a cache hit)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cache, createImageClient, events, retry } from '@pictor/core';
import { fileStore } from '@pictor/core/node';
import { alignment, degenerate, hallucinationCheck } from '@pictor/hallucination-check';
import { licenceTagging, readProvenance } from '@pictor/licence-tagging';
import { tfjs } from '@pictor/tfjs';

const [outDir = 'out', cacheDir = join(outDir, '.cache')] = process.argv.slice(2);
await mkdir(outDir, { recursive: true });

const client = createImageClient({
  provider: tfjs('emoji'),
  middleware: [
    // 1. Outermost: a retryable failure anywhere inside (a model load, a judge) is tried again.
    retry({ maxRetries: 2 }),
    // 2. A hit returns here, before any model run, check or tagging: the cached image was stored
    //    already checked and tagged. The key is the provider, model and request (seed included).
    cache({ store: fileStore(cacheDir) }),
    // 3. Tags the image the check finally kept, so the file says which model made it.
    licenceTagging(),
    // 4. Innermost: judges the model's own pixels and, with `reroll`, asks again with a new seed.
    hallucinationCheck({ judges: [degenerate(), alignment()], policy: { type: 'reroll', maxAttempts: 3 } }),
    // Structured hooks for logs and metrics (no prompt text unless asked).
    events({ onEnd: (event) => console.log(`model call: ${Math.round(event.durationMs)} ms`) }),
  ],
});

try {
  const result = await client.generate({ prompt: 'a red apple', seed: 21 });
  const image = result.images[0]!;
  const path = join(outDir, 'apple.png');
  await writeFile(path, image.bytes);
  const check = image.annotations['hallucination-check'] as {
    passed: boolean;
    attempts: number;
    score: number;
  };
  const cached = image.annotations.cache as { hit: boolean };
  const provenance = readProvenance(image.bytes);
  console.log(`${path}  ${image.width}×${image.height}, seed ${image.seed}`);
  console.log(`cache     ${cached.hit ? 'hit' : 'miss'}`);
  console.log(
    `check     ${check.passed ? 'passed' : 'failed'} (score ${check.score.toFixed(2)}, ${check.attempts} attempt(s))`,
  );
  console.log(`licence   ${provenance.licence?.spdx ?? 'unknown'}; AI-generated: ${provenance.aiGenerated}`);
} finally {
  await client.dispose();
}
