import type { ModelLicence, TrainingSource } from './model-licence.js';

interface CardSource {
  name?: unknown;
  licence?: unknown;
  licence_url?: unknown;
  attribution?: unknown;
}

/**
 * Refreshes a registry entry from a Pictor model card (the JSON shape of
 * `@pictor/model-emoji/model-card.json`): weights licence, training sources with their licences
 * and attributions, output terms. Unknown or missing card fields leave the entry's own values.
 */
export function licenceFromModelCard(entry: ModelLicence, card: unknown): ModelLicence {
  if (!card || typeof card !== 'object') return entry;
  const record = card as {
    licence?: { weights?: unknown; outputs?: unknown };
    training_data?: unknown;
    version?: unknown;
  };
  const next: ModelLicence = { ...entry };
  if (typeof record.licence?.weights === 'string' && /^[A-Za-z0-9.+-]+$/.test(record.licence.weights)) {
    next.spdx = record.licence.weights;
  }
  if (typeof record.licence?.outputs === 'string') next.outputTerms = record.licence.outputs;
  if (typeof record.version === 'string') next.version = record.version;
  if (Array.isArray(record.training_data)) {
    const sources: TrainingSource[] = [];
    for (const raw of record.training_data as CardSource[]) {
      if (typeof raw?.name !== 'string' || typeof raw.licence !== 'string') continue;
      const source: TrainingSource = { name: raw.name, licence: raw.licence };
      if (typeof raw.licence_url === 'string') source.licenceUrl = raw.licence_url;
      if (typeof raw.attribution === 'string') source.attribution = raw.attribution;
      sources.push(source);
    }
    if (sources.length) {
      next.trainingSources = sources;
      const attributions = sources
        .filter((s) => s.licence.startsWith('CC-BY') && s.attribution)
        .map((s) => s.attribution!);
      if (attributions.length) next.attribution = attributions.join(' ');
    }
  }
  return next;
}

const cardCache = new Map<string, Promise<unknown>>();

/**
 * Imports a model card JSON module (`import(specifier, { with: { type: 'json' } })`), once per
 * specifier. Resolves to undefined when it is not installed or cannot be imported here (for
 * example inside a Worker bundle), so a missing card never fails a call.
 */
export function loadModelCard(specifier: string): Promise<unknown> {
  let pending = cardCache.get(specifier);
  if (!pending) {
    pending = import(/* @vite-ignore */ specifier, { with: { type: 'json' } }).then(
      (module: { default?: unknown }) => module.default,
      () => undefined,
    );
    cardCache.set(specifier, pending);
  }
  return pending;
}

/** The entry, refreshed from its model card when it names one and the card can be loaded. */
export async function resolveModelCard(entry: ModelLicence): Promise<ModelLicence> {
  if (!entry.modelCard) return entry;
  const card = await loadModelCard(entry.modelCard);
  return card === undefined ? entry : licenceFromModelCard(entry, card);
}
