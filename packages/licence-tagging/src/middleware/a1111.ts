import type { GenerateRequest } from '@pictor/core';

/**
 * The AUTOMATIC1111 "infotext": the prompt, a `Negative prompt:` line, then `Key: value` pairs
 * (`Steps`, `CFG scale`, `Seed`, `Size`, `Model`, `Version`). Only known values are written.
 */
export function a1111Infotext(
  request: GenerateRequest,
  image: { width: number; height: number; seed?: number },
  modelId: string,
  version: string,
): string {
  const lines = [request.prompt];
  if (request.negativePrompt) lines.push(`Negative prompt: ${request.negativePrompt}`);
  const pairs: string[] = [];
  if (request.steps !== undefined) pairs.push(`Steps: ${request.steps}`);
  if (request.guidance !== undefined) pairs.push(`CFG scale: ${request.guidance}`);
  const seed = image.seed ?? request.seed;
  if (seed !== undefined) pairs.push(`Seed: ${seed}`);
  pairs.push(`Size: ${image.width}x${image.height}`);
  pairs.push(`Model: ${modelId.replace(/,/g, ' ')}`);
  pairs.push(`Version: ${version}`);
  lines.push(pairs.join(', '));
  return lines.join('\n');
}
