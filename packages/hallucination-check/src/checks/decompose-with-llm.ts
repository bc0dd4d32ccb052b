import { z } from 'zod';
import type { Check, TextStream } from '../types.js';

const checkSchema = z.object({
  id: z.string().min(1).max(16),
  kind: z.enum(['entity', 'count', 'attribute', 'relation', 'anatomy']),
  question: z.string().min(3).max(300),
  entity: z.string().max(60).optional(),
  count: z.number().int().min(0).max(100).optional(),
  attribute: z.string().max(60).optional(),
  relation: z.object({ predicate: z.string().max(40), object: z.string().max(60) }).optional(),
  anatomy: z.enum(['faces', 'hands']).optional(),
  dependsOn: z.array(z.string()).max(8).optional(),
});

/** The instructions given to the text model (DSG-style decomposition into atomic yes/no questions). */
export const DECOMPOSE_SYSTEM_PROMPT = `You turn an image-generation prompt into atomic yes/no checks (Davidsonian scene graph).
Answer with a JSON array only. Each item: {"id","kind","question", optional "entity","count","attribute","relation":{"predicate","object"},"anatomy":"faces"|"hands","dependsOn":[ids]}.
kind is one of entity, count, attribute, relation, anatomy. Entities are singular nouns (id e1, e2…); counts (c1…) and attributes (a1…) depend on their entity; relations (r1…) depend on both entities.
When people are asked for, add {"id":"h1","kind":"anatomy","anatomy":"faces","count":N} with the number of faces expected, and {"id":"h2","kind":"anatomy","anatomy":"hands","question":"Does each visible hand have exactly five fingers?"}.`;

function firstJsonArray(text: string): unknown {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end <= start) throw new Error('no JSON array in the answer');
  return JSON.parse(text.slice(start, end + 1));
}

/**
 * Asks a text model (streamed) to decompose the prompt into checks. Returns the validated checks, or
 * throws when the answer is not a valid list (the caller then falls back to the deterministic parser).
 * Dependencies on unknown ids are dropped.
 */
export async function decomposeWithLlm(
  prompt: string,
  text: TextStream,
  signal?: AbortSignal,
): Promise<Check[]> {
  let answer = '';
  for await (const chunk of text({
    prompt: `Prompt: ${JSON.stringify(prompt)}`,
    system: DECOMPOSE_SYSTEM_PROMPT,
    ...(signal ? { signal } : {}),
  })) {
    answer += chunk;
    if (answer.length > 50_000) throw new Error('the decomposition answer is too long');
  }
  const parsed = z.array(checkSchema).min(1).max(40).parse(firstJsonArray(answer));
  const ids = new Set(parsed.map((check) => check.id));
  return parsed
    .filter((check) => check.id !== 'image' && check.id !== 'prompt')
    .map((check) => {
      const out: Check = { id: check.id, kind: check.kind, question: check.question };
      if (check.entity !== undefined) out.entity = check.entity.toLowerCase();
      if (check.count !== undefined) out.count = check.count;
      if (check.attribute !== undefined) out.attribute = check.attribute.toLowerCase();
      if (check.relation !== undefined) out.relation = check.relation;
      if (check.anatomy !== undefined) out.anatomy = check.anatomy;
      const dependsOn = check.dependsOn?.filter((id) => ids.has(id) && id !== check.id);
      if (dependsOn && dependsOn.length > 0) out.dependsOn = dependsOn;
      return out;
    });
}
