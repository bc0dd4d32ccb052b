import type { ImageProvider } from '@pictor/core';

/** A provider that counts calls to another and remembers the last request (the suite's own probe). */
export interface SpyProvider extends ImageProvider {
  readonly calls: number;
  readonly lastRequest: Record<string, unknown> | undefined;
}

export function spyProvider(inner: ImageProvider): SpyProvider {
  let calls = 0;
  let lastRequest: Record<string, unknown> | undefined;
  return {
    specificationVersion: 'v1',
    provider: inner.provider,
    modelId: inner.modelId,
    capabilities: inner.capabilities,
    get calls() {
      return calls;
    },
    get lastRequest() {
      return lastRequest;
    },
    generate(request, options) {
      calls++;
      lastRequest = { ...request };
      return inner.generate(request, options);
    },
    ...(inner.edit
      ? {
          edit(
            request: Parameters<NonNullable<ImageProvider['edit']>>[0],
            options: Parameters<NonNullable<ImageProvider['edit']>>[1],
          ) {
            calls++;
            lastRequest = { ...request };
            return inner.edit!(request, options);
          },
        }
      : {}),
  };
}
