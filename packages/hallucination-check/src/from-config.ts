import { InvalidRequestError, type MiddlewareFromConfig, zodToInvalidRequest } from '@pictor/core';
import { z } from 'zod';
import { type HallucinationCheckOptions, hallucinationCheck } from './hallucination-check.js';
import type { AlignmentOptions } from './judges/alignment.js';
import type { AnatomyOptions } from './judges/anatomy.js';
import { type DegenerateOptions, degenerate } from './judges/degenerate.js';
import type { ObjectsOptions } from './judges/objects.js';
import type { VlmOptions } from './judges/vlm.js';
import type { Policy } from './policy/policy.js';
import type { Judge } from './types.js';

const retryFields = {
  maxAttempts: z.number().int().min(1).max(20).optional(),
  budgetMs: z.number().positive().optional(),
  onExhausted: z.enum(['annotate', 'reject']).optional(),
};

const judgeSpec = z.union([
  z.enum(['degenerate', 'objects', 'anatomy', 'alignment']),
  z
    .object({
      name: z.literal('degenerate'),
      minStdDev: z.number().min(0).optional(),
      maxBlackMean: z.number().min(0).optional(),
      minNeighbourCorrelation: z.number().optional(),
      lowResolutionGrid: z.union([z.literal(0), z.literal(8), z.literal(16)]).optional(),
    })
    .strict(),
  z
    .object({
      name: z.literal('objects'),
      naming: z.enum(['detector', 'dual-encoder']).optional(),
      minScore: z.number().min(0).max(1).optional(),
      absentBelow: z.number().min(0).max(1).optional(),
      minZ: z.number().optional(),
      absentBelowZ: z.number().optional(),
      minColourShare: z.number().min(0).max(1).optional(),
      encoder: z.enum(['namer', 'judge']).optional(),
    })
    .strict(),
  z
    .object({
      name: z.literal('anatomy'),
      minFaceScore: z.number().min(0).max(1).optional(),
      minHandScore: z.number().min(0).max(1).optional(),
      minLandmarkScore: z.number().min(0).max(2).optional(),
    })
    .strict(),
  z
    .object({
      name: z.literal('alignment'),
      passZ: z.number().optional(),
      failZ: z.number().optional(),
      thresholds: z.enum(['auto', 'art', 'generated']).optional(),
      outsideDomain: z.enum(['uncertain', 'judge']).optional(),
    })
    .strict(),
  z
    .object({
      name: z.literal('near-duplicate'),
      references: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .describe(
          'a folder of images or a .jsonl index file (a reference store), or a list of image files; relative to the config file',
        ),
      algorithm: z.enum(['pdq', 'phash']).optional(),
      maxDistance: z.number().int().min(0).max(256).optional(),
      mirror: z.boolean().optional(),
      minQuality: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
  z
    .object({
      vlm: z
        .object({
          provider: z.union([
            z.string().min(1),
            z.object({ id: z.string().min(1), model: z.string().min(1) }).passthrough(),
          ]),
          passAt: z.number().min(0).max(1).optional(),
          failAt: z.number().min(0).max(1).optional(),
          concurrency: z.number().int().min(1).max(64).optional(),
          tier: z.number().optional(),
        })
        .strict(),
    })
    .strict(),
]);

/** The zod schema of the middleware's options in a config file. */
export const hallucinationCheckConfigSchema = z
  .object({
    judges: z.array(judgeSpec).optional(),
    policy: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('annotate') }).strict(),
        z.object({ type: z.literal('reject') }).strict(),
        z.object({ type: z.literal('reroll'), ...retryFields }).strict(),
        z.object({ type: z.literal('refine'), ...retryFields }).strict(),
      ])
      .optional(),
    uncertain: z.enum(['pass', 'fail']).optional(),
  })
  .strict();

type JudgeSpec = z.infer<typeof judgeSpec>;

async function makeJudge(
  spec: JudgeSpec,
  field: string,
  context: Parameters<MiddlewareFromConfig>[1],
): Promise<Judge> {
  const cwd = context.cwd;
  if (typeof spec === 'object' && 'vlm' in spec) {
    // The vision model comes through core's registry (the adapter's `visionFromConfig`): this package
    // never imports an adapter.
    const { provider, ...options } = spec.vlm;
    if (!context.resolveVision)
      throw new InvalidRequestError(
        `${field}.vlm.provider`,
        'this config loader cannot resolve vision models',
      );
    const ask = await context.resolveVision(provider as never, `${field}.vlm.provider`);
    const { vlm } = await import('./judges/vlm.js');
    return vlm({ ask, ...options } as VlmOptions);
  }
  const { name, ...rest } = typeof spec === 'string' ? { name: spec } : spec;
  switch (name) {
    case 'degenerate':
      return degenerate(rest as DegenerateOptions);
    case 'objects':
      return (await import('./judges/objects.js')).objects(rest as ObjectsOptions);
    case 'anatomy':
      return (await import('./judges/anatomy.js')).anatomy(rest as AnatomyOptions);
    case 'alignment':
      return (await import('./judges/alignment.js')).alignment(rest as AlignmentOptions);
    case 'near-duplicate': {
      const { readFile } = await import('node:fs/promises');
      const { resolve } = await import('node:path');
      const { references, ...options } = rest as {
        references: string | string[];
        algorithm?: 'pdq' | 'phash';
        maxDistance?: number;
        mirror?: boolean;
        minQuality?: number;
      };
      if (options.algorithm !== 'phash' && (options.maxDistance ?? 0) > 256)
        throw new InvalidRequestError(`${field}.maxDistance`, 'at most 256');
      if (options.algorithm === 'phash' && (options.maxDistance ?? 0) > 64)
        throw new InvalidRequestError(`${field}.maxDistance`, 'at most 64 for pHash');
      const { nearDuplicate } = await import('./judges/near-duplicate.js');
      if (typeof references === 'string') {
        // A reference store: read (and, for a folder, hashed) now, so a missing folder or a bad index
        // line is an error of this field before any generation.
        const { openReferences } = await import('./references/reference-store.js');
        const { stat } = await import('node:fs/promises');
        const path = resolve(cwd ?? '.', references);
        const store = openReferences(path);
        try {
          await stat(path);
          await store.list();
        } catch (error) {
          const message = (error as Error).message.replace(/^references[^:]*: /, '');
          throw new InvalidRequestError(
            `${field}.references`,
            (error as NodeJS.ErrnoException).code === 'ENOENT'
              ? `no folder or index file at ${references}`
              : message,
          );
        }
        return nearDuplicate({ references: store, ...options });
      }
      const loaded = await Promise.all(
        references.map(async (path, i) => {
          try {
            return { id: path, bytes: new Uint8Array(await readFile(resolve(cwd ?? '.', path))) };
          } catch (error) {
            throw new InvalidRequestError(
              `${field}.references[${i}]`,
              `cannot read reference image ${path}: ${(error as Error).message}`,
            );
          }
        }),
      );
      return nearDuplicate({ references: loaded, ...options });
    }
    default:
      throw new InvalidRequestError(`${field}.name`, `unknown judge ${String(name)}`);
  }
}

/**
 * The config hook: `{ "use": "hallucination-check", "judges": ["degenerate", "objects",
 * { "vlm": { "provider": "workers-ai:@cf/meta/llama-3.2-11b-vision-instruct" } }], "policy": { "type": "reroll" } }`.
 * The `vlm` judge's model is resolved through core's registry; LLM decomposition is configured in code.
 */
export const middlewareFromConfig: MiddlewareFromConfig = async (options, context) => {
  const parsed = hallucinationCheckConfigSchema.safeParse(options);
  if (!parsed.success) throw zodToInvalidRequest(parsed.error, context.field);
  const { judges, policy, uncertain } = parsed.data;
  const built: HallucinationCheckOptions = {};
  if (judges)
    built.judges = await Promise.all(
      judges.map((spec, i) => makeJudge(spec, `${context.field}.judges[${i}]`, context)),
    );
  if (policy) built.policy = policy as Policy;
  if (uncertain) built.uncertain = uncertain;
  return hallucinationCheck(built);
};
