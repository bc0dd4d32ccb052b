import { workersAI } from './provider.js';
import type { WorkersAITextModel, WorkersAITextModelId } from './text/text-model.js';
import type { VisionJudge, WorkersAIVisionModel, WorkersAIVisionModelId } from './vision/vision-model.js';

/**
 * A text model on the default provider (credentials from the environment at the first call).
 *
 * @example
 * for await (const event of workersAIText('@cf/meta/llama-3.1-8b-instruct').stream({ prompt: 'Hi' })) {
 *   if (event.type === 'delta') process.stdout.write(event.text);
 * }
 */
export function workersAIText(modelId: WorkersAITextModelId): WorkersAITextModel {
  return workersAI.text(modelId);
}

/**
 * A vision model on the default provider.
 *
 * @example
 * const { answer, yesProbability } = await workersAIVision('@cf/cloudflare/clef').ask({ image, question: 'Is it a cat?' });
 */
export function workersAIVision(modelId: WorkersAIVisionModelId): WorkersAIVisionModel {
  return workersAI.vision(modelId);
}

/**
 * A function-shaped yes/no judge on the default provider, for `@pictor/hallucination-check`.
 *
 * @example
 * hallucinationCheck({ judge: workersAIJudge('@cf/cloudflare/clef') });
 */
export function workersAIJudge(modelId: WorkersAIVisionModelId = '@cf/cloudflare/clef'): VisionJudge {
  return workersAI.judge(modelId);
}
