import { InvalidRequestError } from '@pictor/core';
import { BUILTIN_MODEL_LICENCES } from './builtin-licences.js';
import type { ModelLicence } from './model-licence.js';

/**
 * A model licence registry: the built-in entries plus the user's, looked up by provider and model
 * id. User entries win over built-in ones; within each, the first matching entry wins.
 */
export interface ModelLicenceRegistry {
  /** The licence for `provider:modelId`, or undefined. */
  lookup(provider: string, modelId: string): ModelLicence | undefined;
  /** Adds (or replaces, by `id`) an entry; user entries are looked up first. */
  register(entry: ModelLicence): void;
  /** Every entry, user entries first. */
  entries(): readonly ModelLicence[];
}

const patternCache = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let regexp = patternCache.get(pattern);
  if (!regexp) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regexp = new RegExp(`^${source}$`, 'i');
    patternCache.set(pattern, regexp);
  }
  return regexp;
}

/** True when `provider:modelId` matches the glob `pattern`. */
export function matchesPattern(pattern: string, provider: string, modelId: string): boolean {
  return patternToRegExp(pattern).test(`${provider}:${modelId}`);
}

function checkEntry(entry: ModelLicence): void {
  if (!entry || typeof entry !== 'object')
    throw new InvalidRequestError('entry', 'must be a ModelLicence object');
  if (typeof entry.id !== 'string' || !entry.id)
    throw new InvalidRequestError('entry.id', 'must be a non-empty string');
  if (
    !Array.isArray(entry.patterns) ||
    entry.patterns.length === 0 ||
    entry.patterns.some((p) => typeof p !== 'string' || !p)
  ) {
    throw new InvalidRequestError(
      'entry.patterns',
      'must be a non-empty array of provider:model glob patterns',
    );
  }
  if (typeof entry.spdx !== 'string' || !/^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9.+-]+)$/.test(entry.spdx)) {
    throw new InvalidRequestError('entry.spdx', 'must be an SPDX id or LicenseRef-…');
  }
  if (!['allowed', 'conditional', 'non-commercial', 'unknown'].includes(entry.commercialUse)) {
    throw new InvalidRequestError(
      'entry.commercialUse',
      "must be 'allowed', 'conditional', 'non-commercial' or 'unknown'",
    );
  }
}

/** Makes a registry holding the built-in entries and `extra` (looked up first). */
export function createModelLicenceRegistry(extra: readonly ModelLicence[] = []): ModelLicenceRegistry {
  const user: ModelLicence[] = [];
  const registry: ModelLicenceRegistry = {
    lookup(provider, modelId) {
      for (const entry of user)
        if (entry.patterns.some((p) => matchesPattern(p, provider, modelId))) return entry;
      for (const entry of BUILTIN_MODEL_LICENCES) {
        if (entry.patterns.some((p) => matchesPattern(p, provider, modelId))) return entry;
      }
      return undefined;
    },
    register(entry) {
      checkEntry(entry);
      const index = user.findIndex((existing) => existing.id === entry.id);
      if (index >= 0) user[index] = entry;
      else user.push(entry);
    },
    entries: () => [...user, ...BUILTIN_MODEL_LICENCES],
  };
  for (const entry of extra) registry.register(entry);
  return registry;
}

/** A registry that looks in `entries` (validated) first and then in `base`; `register` adds to `base`. */
export function layeredRegistry(
  entries: readonly ModelLicence[],
  base: ModelLicenceRegistry,
): ModelLicenceRegistry {
  for (const [index, entry] of entries.entries()) {
    try {
      checkEntry(entry);
    } catch (error) {
      const field = (error as InvalidRequestError).field.replace(/^entry/, `licences[${index}]`);
      throw new InvalidRequestError(field, (error as Error).message.replace(/^[^:]*: /, ''));
    }
  }
  return {
    lookup: (provider, modelId) =>
      entries.find((entry) => entry.patterns.some((p) => matchesPattern(p, provider, modelId))) ??
      base.lookup(provider, modelId),
    register: (entry) => base.register(entry),
    entries: () => [...entries, ...base.entries()],
  };
}

/** The process-wide default registry used by `licenceTagging()` and `readProvenance()` unless given another. */
export const defaultModelLicenceRegistry: ModelLicenceRegistry = createModelLicenceRegistry();

/**
 * Adds a model licence to the default registry (user entries are looked up before built-in ones).
 *
 * @example
 * registerModelLicence({
 *   id: 'acme/painter-2', name: 'Acme Painter 2', patterns: ['onnx:*acme-painter-2*'],
 *   spdx: 'MIT', licenceName: 'MIT License', licenceUrl: 'https://opensource.org/license/mit',
 *   licensor: { name: 'Acme' }, commercialUse: 'allowed', outputTerms: 'No restriction.',
 *   conditions: [], confidence: 'verified',
 * });
 */
export function registerModelLicence(entry: ModelLicence): void {
  defaultModelLicenceRegistry.register(entry);
}
