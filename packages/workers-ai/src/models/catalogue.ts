import { InvalidRequestError } from '@pictor/core';
import { flux1Schnell } from './flux-1-schnell.js';
import { flux2Models } from './flux-2.js';
import { lucidOrigin, phoenix } from './leonardo.js';
import type { WorkersAIImageModel } from './model.js';
import { sdFamilyModels } from './sd-family.js';

/** Every Workers AI image model Pictor knows, each with its capabilities, encoding, terms and price. */
export const workersAIModels: readonly WorkersAIImageModel[] = [
  ...sdFamilyModels,
  flux1Schnell,
  ...flux2Models,
  lucidOrigin,
  phoenix,
];

const byId = new Map(workersAIModels.map((model) => [model.id, model]));

/** Looks up a catalogue entry; an unknown id is an `InvalidRequestError` listing close matches. */
export function getWorkersAIModel(id: string): WorkersAIImageModel {
  const model = byId.get(id);
  if (model) return model;
  const tail = id.split('/').pop() ?? id;
  const suggestions = workersAIModels.map((m) => m.id).filter((m) => m.includes(tail.slice(0, 4)));
  throw new InvalidRequestError(
    'modelId',
    `"${id}" is not a Workers AI image model Pictor knows (known: ${workersAIModels.map((m) => m.id).join(', ')})`,
    { suggestions },
  );
}
